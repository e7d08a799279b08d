#!/usr/bin/env bash
# Stock bench (io.railhead.bench.StockDriver): a Shopify-like GraphQL sink, a stock rules file + cross-reference,
# the hub jar as a child process, then scenario A (one SNAPSHOT) and/or B (concurrent DELTAs). Not part of CI.
#   bench/stock-bench.sh [--scenario A|B|both] [--skus 10000] [--delta-skus 1000] [--deltas 5000] [--senders 8] [--rate 0]
#                        [--delay-ms 300] [--timeout-s 100] [--jar PATH] [--hub-jvm "-Xmx1g"]
# The hub jar defaults to a copy of target/railhead-*.jar (built with ./mvnw -B -q -o package -DskipTests when
# missing), so a rebuild of target/ during the run does not pull the jar away. JAVA_OPTS goes to the driver JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
jackson=${M2_REPO:-$HOME/.m2/repository}/com/fasterxml/jackson/core
v=2.21.4
cp="$jackson/jackson-databind/$v/jackson-databind-$v.jar:$jackson/jackson-core/$v/jackson-core-$v.jar:$jackson/jackson-annotations/2.21/jackson-annotations-2.21.jar"
mkdir -p bench/target/stock-classes
javac -nowarn -d bench/target/stock-classes -cp "$cp" bench/src/main/java/io/railhead/bench/Args.java \
  bench/src/main/java/io/railhead/bench/StockDriver.java
args=("$@")
if [[ " $* " != *" --jar "* ]]; then
  jar=$(ls target/railhead-*.jar 2>/dev/null | grep -v original | head -1 || true)
  if [ -z "$jar" ]; then
    ./mvnw -B -q -o package -DskipTests
    jar=$(ls target/railhead-*.jar | grep -v original | head -1)
  fi
  copy=bench/target/hub.jar
  cp "$jar" "$copy"
  args+=(--jar "$PWD/$copy")
fi
exec java ${JAVA_OPTS:-} -cp "bench/target/stock-classes:$cp" io.railhead.bench.StockDriver --hub-dir "$PWD" "${args[@]}"
