#!/usr/bin/env bash
# Crash bench: runs the project's crash test (CrashRecoveryIT) again and again with more orders and
# more kill -9 points per run, and prints one summary line per run: orders answered 200, orders at
# the ERP, ERP calls (repeats after a kill are allowed: same Idempotency-Key), and the orders lost,
# not in the store, with two hub orders, or left part-way (all must be 0). docs/reliability.md.
#
#   bench/crash-bench.sh [runs] [orders per run] [kills per run] [h2|postgres]
#   bench/crash-bench.sh 5 3000 4            # 5 runs of 3,000 orders, 4 kills each, on H2
#   bench/crash-bench.sh 3 2000 3 postgres   # PostgreSQL on 127.0.0.1:5432 (database test, user postgres)
#
# Each run picks its kill points at random (logged as seed=...); -Drailhead.crash.seed=S repeats one.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
orders=${2:-3000}
kills=${3:-3}
db=${4:-h2}
./mvnw -q -B -DskipTests package
failed=0
for run in $(seq 1 "$runs"); do
    log=$(mktemp -t crash-bench-XXXXXX.log)
    if ! ./mvnw -B verify -Dskip.unit.tests=true -Dit.test=CrashRecoveryIT -Drailhead.test.db="$db" \
            -Drailhead.crash.orders="$orders" -Drailhead.crash.kills="$kills" > "$log" 2>&1; then
        failed=1
    fi
    line=$(grep -h "CRASH RESULT" "$log" | tail -n 1 || true)
    echo "run $run: ${line:-no result, see $log}"
done
exit "$failed"
