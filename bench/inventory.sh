#!/usr/bin/env bash
# End-to-end benchmark: `vigil scan --inventory` of a generated live-AWS inventory (see bench/README.md).
#
#   bench/inventory.sh                      # 100,000 resources, seed 1, bench/out/inv-100000.json
#   RESOURCES=300000 bench/inventory.sh     # another size (generated once, then reused)
#   SHARDS=4 bench/inventory.sh             # the same resources in 4 files, --inventory repeated
#   GOGC=200 bench/inventory.sh             # environment reaches vigil
#
# Everything it writes goes to bench/out/ (git-ignored).
set -euo pipefail

cd "$(dirname "$0")/.."
RESOURCES=${RESOURCES:-100000}
SHARDS=${SHARDS:-1}
SEED=${SEED:-1}
OUT=bench/out
BASE=$OUT/inv-$RESOURCES-s$SEED

mkdir -p "$OUT"
echo "building vigil..." >&2
go build -o "$OUT/vigil" ./cmd/vigil

files=()
if [ "$SHARDS" -gt 1 ]; then
	for i in $(seq 1 "$SHARDS"); do files+=("$BASE-x$SHARDS-$i.json"); done
	target=$BASE-x$SHARDS.json
else
	files=("$BASE.json")
	target=$BASE.json
fi
if [ ! -f "${files[0]}" ]; then
	echo "generating $RESOURCES resources in $SHARDS file(s) (seed $SEED)..." >&2
	go run ./bench/gen -inventory "$RESOURCES" -shards "$SHARDS" -seed "$SEED" -out "$target" >&2
fi
args=()
for f in "${files[@]}"; do args+=(--inventory "$f"); done
bytes=$(cat "${files[@]}" | wc -c)

load=$(cut -d' ' -f1 /proc/loadavg)
set +e
/usr/bin/time -v -o "$OUT/inv-time.txt" "$OUT/vigil" scan "${args[@]}" --format json -o "$OUT/inv-report.json" 2>"$OUT/inv-stderr.txt"
rc=$?
set -e

field() { grep -F "$1" "$OUT/inv-time.txt" | sed 's/.*: //'; }
summary=$(grep -m1 '^vigil: [0-9]* resources' "$OUT/inv-stderr.txt" || true)
results=$(sed -E 's/^vigil: [0-9]+ resources, ([0-9]+) results.*/\1/' <<<"$summary")

awk -v n="$RESOURCES" -v shards="$SHARDS" -v bytes="$bytes" -v elapsed="$(field 'Elapsed (wall clock) time')" \
	-v user="$(field 'User time (seconds)')" -v sys="$(field 'System time (seconds)')" \
	-v rss="$(field 'Maximum resident set size (kbytes)')" -v rc="$rc" -v nproc="$(nproc)" -v load="$load" \
	-v results="${results:-?}" '
BEGIN {
	k = split(elapsed, p, ":"); wall = 0
	for (i = 1; i <= k; i++) wall = wall * 60 + p[i]
	printf "inventory:  %d resources in %d file(s), %.0f MiB\n", n, shards, bytes / 1048576
	printf "wall:       %.2f s\n", wall
	printf "cpu:        %.2f s (user %.2f + sys %.2f): %.2f of %d cores busy\n", user + sys, user, sys, (user + sys) / wall, nproc
	printf "peak RSS:   %.0f MiB (%.1f KB per resource, base included)\n", rss / 1024, rss * 1.024 / n
	printf "results:    %s\n", results
	printf "exit code:  %d\n", rc
	printf "load avg:   %s before the run (other processes compete for the cores when it is above 0)\n", load
}'
if [ "$rc" -ge 2 ]; then
	echo "vigil reported problems (exit $rc); first lines of $OUT/inv-stderr.txt:" >&2
	head -5 "$OUT/inv-stderr.txt" >&2
fi
