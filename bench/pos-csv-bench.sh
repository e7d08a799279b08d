#!/usr/bin/env bash
# POS CSV parse bench (bench/src/pos/java/io/railhead/bench/PosCsvBench.java) against the hub's own
# classes: compiles the hub (main classes only, no tests), compiles the bench class next to it, runs it
# in a fresh JVM. Not part of ./mvnw verify.
#   bench/pos-csv-bench.sh [--rows 1000000] [--bad-every 3] [--rounds 3]
# JAVA_OPTS is passed to the JVM, MVN_FLAGS to Maven (e.g. MVN_FLAGS=-o when offline).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MVN_FLAGS:-} compile
mkdir -p bench/target/pos-classes
javac -nowarn -d bench/target/pos-classes -cp target/classes bench/src/pos/java/io/railhead/bench/PosCsvBench.java
exec java ${JAVA_OPTS:-} -cp "bench/target/pos-classes:target/classes" io.railhead.bench.PosCsvBench "$@"
