#!/usr/bin/env bash
# X12 850 parse bench (bench/src/x12/java/io/railhead/bench/X12ParseBench.java) against the hub's own
# classes and mappings/edi/: compiles the hub (main classes only, no tests), compiles the bench class
# next to it, runs it in a fresh JVM from the repo root. Not part of ./mvnw verify.
#   bench/x12-parse-bench.sh [--paths smooks,parser,...] [--warmup-seconds 10] [--rounds 5] [--round-seconds 2]
# JAVA_OPTS is passed to the JVM (e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=x12.jfr), MVN_FLAGS to
# Maven (e.g. MVN_FLAGS=-o when offline).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MVN_FLAGS:-} compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/x12-parse-bench.classpath
cp="target/classes:$(cat target/x12-parse-bench.classpath)"
mkdir -p bench/target/x12-classes
javac -nowarn -d bench/target/x12-classes -cp "$cp" \
  bench/src/x12/java/io/railhead/bench/X12ParseBench.java
exec java ${JAVA_OPTS:-} -cp "bench/target/x12-classes:$cp" io.railhead.bench.X12ParseBench "$@"
