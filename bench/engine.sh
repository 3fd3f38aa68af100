#!/usr/bin/env bash
# Policy evaluation benchmark: BenchmarkEvaluate100k (engine/bench_test.go) evaluates every built-in rule
# over a synthetic inventory of 100,000 resources of every type a rule reads (see bench/README.md).
#
#   bench/engine.sh                  # one evaluation, as one vigil run does it
#   COUNT=3 bench/engine.sh          # three evaluations in a row in one process (steady state)
#   PROFILE=1 bench/engine.sh        # also write a CPU profile to bench/out/engine-cpu.prof
#   GOGC=200 bench/engine.sh         # environment reaches the benchmark
#
# Everything it writes goes to bench/out/ (git-ignored).
set -euo pipefail

cd "$(dirname "$0")/.."
COUNT=${COUNT:-1}
OUT=bench/out

mkdir -p "$OUT"
echo "building the engine benchmark..." >&2
go test -c -o "$OUT/engine.test" ./engine

args=(-test.run '^$' -test.bench '^BenchmarkEvaluate100k$' -test.benchtime "${COUNT}x" -test.benchmem)
if [ -n "${PROFILE:-}" ]; then
	args+=(-test.cpuprofile "../$OUT/engine-cpu.prof")
fi
load=$(cut -d' ' -f1 /proc/loadavg)
echo "running $COUNT evaluation(s)..." >&2
# From the package's folder, as go test runs it: the benchmark reads engine/testdata.
(cd engine && /usr/bin/time -v -o "../$OUT/engine-time.txt" "../$OUT/engine.test" "${args[@]}" >"../$OUT/engine-bench.txt")

line=$(grep -m1 '^BenchmarkEvaluate100k' "$OUT/engine-bench.txt")
rss=$(grep -F 'Maximum resident set size (kbytes)' "$OUT/engine-time.txt" | sed 's/.*: //')
# The benchmark line is: name, N, then value/unit pairs (ns/op, cpu-s/op, runq-s/op, B/op, allocs/op).
awk -v line="$line" -v rss="$rss" -v nproc="$(nproc)" -v load="$load" -v count="$COUNT" '
BEGIN {
	n = split(line, f, /[ \t]+/)
	for (i = 3; i < n; i += 2) v[f[i + 1]] = f[i]
	wall = v["ns/op"] / 1e9
	printf "evaluations: %d (100,000 resources, every built-in rule)\n", count
	printf "wall:        %.2f s/op (%.0f ns/op)\n", wall, v["ns/op"]
	if ("cpu-s/op" in v)
		printf "cpu:         %.2f s/op: %.2f of %d cores busy\n", v["cpu-s/op"], v["cpu-s/op"] / wall, nproc
	if ("runq-s/op" in v)
		printf "run queue:   %.2f s/op its threads were ready to run but waited for a core (summed over threads)\n", v["runq-s/op"]
	printf "allocated:   %.0f MiB/op in %d allocations\n", v["B/op"] / 1048576, v["allocs/op"]
	if ("results/op" in v)
		printf "results:     %d per evaluation\n", v["results/op"]
	printf "peak RSS:    %.0f MiB (the whole process: inventory, engine and report)\n", rss / 1024
	printf "load avg:    %s before the run (other processes compete for the cores when it is above 0)\n", load
}'
