#!/usr/bin/env bash
# End-to-end benchmark: `vigil scan --plan` of a generated Terraform plan JSON (see bench/README.md), with
# every rule loaded, then the plan-reading stage alone (BenchmarkScanPlanFile: plan.Load, the adapters and
# the inventory, no policy evaluation or report) in its own process, so its peak RSS is its own.
#
#   bench/plan.sh                          # 100,000 resources, seed 1, in bench/out/plan-100000.json
#   RESOURCES=300000 bench/plan.sh         # another size (generated once, kept)
#   STAGE=0 bench/plan.sh                  # end to end only
#   PROFILE=1 bench/plan.sh                # and CPU / heap profiles of the stage in bench/out/plan-*.prof
#
# Everything it writes goes to bench/out/ (git-ignored).
set -euo pipefail

cd "$(dirname "$0")/.."
RESOURCES=${RESOURCES:-100000}
SEED=${SEED:-1}
STAGE=${STAGE:-1}
OUT=bench/out
PLAN=$OUT/plan-$RESOURCES-$SEED.json

mkdir -p "$OUT"
echo "building vigil..." >&2
go build -o "$OUT/vigil" ./cmd/vigil
if [ ! -f "$PLAN" ]; then
	echo "generating a plan of $RESOURCES resources (seed $SEED) into $PLAN..." >&2
	go run ./bench/gen -plan "$RESOURCES" -seed "$SEED" -out "$PLAN" >&2
fi
cat "$PLAN" >/dev/null # read it once so the figures measure vigil rather than a cold disk

field() { grep -F "$1" "$2" | sed 's/.*: //'; }
report() { # label time-file
	awk -v label="$1" -v elapsed="$(field 'Elapsed (wall clock) time' "$2")" -v user="$(field 'User time (seconds)' "$2")" \
		-v sys="$(field 'System time (seconds)' "$2")" -v rss="$(field 'Maximum resident set size (kbytes)' "$2")" \
		-v nproc="$(nproc)" -v resources="$RESOURCES" '
	BEGIN {
		n = split(elapsed, p, ":"); wall = 0
		for (i = 1; i <= n; i++) wall = wall * 60 + p[i]
		printf "%-11s wall %.2f s, cpu %.2f s (user %.2f + sys %.2f, %.2f of %d cores), peak RSS %.0f MiB (%.1f KB per resource)\n",
			label ":", wall, user + sys, user, sys, (user + sys) / wall, nproc, rss / 1024, rss * 1.024 / resources
	}'
}

echo "plan:        $PLAN ($(du -m "$PLAN" | cut -f1) MB, $RESOURCES resources in the plan)"
echo "load avg:    $(cut -d' ' -f1-3 /proc/loadavg) before the runs (other processes compete for the cores when it is above 0)"
set +e
/usr/bin/time -v -o "$OUT/time-plan.txt" "$OUT/vigil" scan --plan "$PLAN" --format json -o "$OUT/report-plan.json" 2>"$OUT/stderr-plan.txt"
rc=$?
set -e
report "end to end" "$OUT/time-plan.txt"
echo "             $(grep -m1 '^vigil: [0-9]* resources' "$OUT/stderr-plan.txt" || true) (exit $rc)"
if [ "$rc" -ge 2 ]; then
	echo "vigil reported problems (exit $rc); first lines of $OUT/stderr-plan.txt:" >&2
	head -5 "$OUT/stderr-plan.txt" >&2
fi

if [ "$STAGE" = 1 ]; then
	go test -c -o "$OUT/scanners.test" ./scanners >&2
	prof=()
	if [ "${PROFILE:-}" = 1 ]; then
		prof=(-test.cpuprofile "$OUT/plan-cpu.prof" -test.memprofile "$OUT/plan-mem.prof")
	fi
	VIGIL_BENCH_PLAN="$PWD/$PLAN" /usr/bin/time -v -o "$OUT/time-plan-stage.txt" "$OUT/scanners.test" \
		-test.run '^$' -test.bench '^BenchmarkScanPlanFile$' -test.benchtime 1x -test.benchmem "${prof[@]}" >"$OUT/stage-plan.txt"
	report "plan stage" "$OUT/time-plan-stage.txt"
	grep -h '^BenchmarkScanPlanFile' "$OUT/stage-plan.txt" | sed 's/^/             /'
fi
