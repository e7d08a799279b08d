#!/usr/bin/env bash
# POS CSV benches (bench/src/pos/java/io/railhead/bench/) against the hub's own classes: compiles the hub
# (main classes only, no tests), compiles the bench classes next to it, runs one in a fresh JVM.
# Not part of ./mvnw verify.
#   bench/pos-csv-bench.sh [--rows 1000000] [--bad-every 3] [--rounds 3]        the parser (PosCsvBench)
#   bench/pos-csv-bench.sh --batch [--single 5000] [--batched 50000] [--commit-every 500]
#                                                   persistent sends, one commit each vs batched (IntakeBatchBench)
# JAVA_OPTS is passed to the JVM, MVN_FLAGS to Maven (e.g. MVN_FLAGS=-o when offline).
set -euo pipefail
cd "$(dirname "$0")/.."
main=io.railhead.bench.PosCsvBench
if [ "${1:-}" = "--batch" ]; then
  main=io.railhead.bench.IntakeBatchBench
  shift
fi
./mvnw -q -B ${MVN_FLAGS:-} compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/pos-csv-bench.classpath
cp="target/classes:$(cat target/pos-csv-bench.classpath)"
mkdir -p bench/target/pos-classes
javac -nowarn -d bench/target/pos-classes -cp "$cp" bench/src/pos/java/io/railhead/bench/*.java
exec java ${JAVA_OPTS:-} -cp "bench/target/pos-classes:$cp" "$main" "$@"
