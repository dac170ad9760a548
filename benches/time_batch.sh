#!/bin/sh
# `sla time batch` as a whole process on 1 M query lines (issue #12): read, parse, answer,
# format, write. Prints each run's wall time, then the best and the median, with the load.
#
#   benches/time_batch.sh [runs] [sla binary]
#
# Without a binary it builds target/release/sla. The queries come from
# examples/time_batch_queries.rs (same seed, same bytes) and are kept in $TMPDIR.
set -eu
runs=${1:-5}
sla=${2:-}
queries=${TMPDIR:-/tmp}/sla-time-batch-1M.jsonl
if [ ! -s "$queries" ]; then
    cargo run -q --release --example time_batch_queries -- 1000000 > "$queries"
fi
if [ -z "$sla" ]; then
    cargo build -q --release --features cli --bin sla
    sla=target/release/sla
fi
echo "load before: $(uptime)"
times=""
i=0
while [ "$i" -lt "$runs" ]; do
    start=$(date +%s%N)
    "$sla" time batch --calendar cn-standard < "$queries" > /dev/null
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    echo "run $((i + 1)): $ms ms"
    times="$times $ms"
    i=$((i + 1))
done
echo "load after: $(uptime)"
echo "$times" | tr ' ' '\n' | grep . | sort -n | awk -v n="$runs" '
    { t[NR] = $1 }
    END { printf "best %d ms, median %d ms (%d runs; ns a query = ms for 1 M lines)\n", t[1], t[int((n + 1) / 2)], n }'
