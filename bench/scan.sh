#!/usr/bin/env bash
# End-to-end benchmark: `vigil scan` of a generated Terraform tree (see bench/README.md).
#
#   bench/scan.sh                         # 5,000-file tree, seed 1, in bench/out/tree
#   FILES=10000 SEED=7 bench/scan.sh      # another tree (remove bench/out/tree first)
#   ROOTS=1132 bench/scan.sh              # 1,132 small root modules, 3,100 files, in bench/out/roots
#   ROOTS=500 FILES=1400 bench/scan.sh    # another many-roots tree (remove bench/out/roots first)
#   TREE="/a/root /b/root" bench/scan.sh  # scan existing root modules instead (one vigil scan)
#   GOGC=200 bench/scan.sh                # environment reaches vigil
#
# Everything it writes goes to bench/out/ (git-ignored).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOTS=${ROOTS:-}
SEED=${SEED:-1}
OUT=bench/out
if [ -n "$ROOTS" ]; then
	FILES=${FILES:-0} # bench/gen's default for the many-roots layout: the shared modules and about 2.7 files per root
	GENERATED=$OUT/roots
else
	FILES=${FILES:-5000}
	GENERATED=$OUT/tree
fi
TREE=${TREE:-$GENERATED}
# time.txt, stderr.txt and report.json of each tree apart: report-roots.json, ...
NAME=$(basename "$TREE")
[ "$NAME" = tree ] && NAME= || NAME=-$NAME

mkdir -p "$OUT"
echo "building vigil..." >&2
go build -o "$OUT/vigil" ./cmd/vigil

if [ "$TREE" = "$GENERATED" ] && [ ! -d "$TREE" ]; then
	if [ -n "$ROOTS" ]; then
		echo "generating $ROOTS root modules (seed $SEED) into $TREE..." >&2
		go run ./bench/gen -out "$TREE" -roots "$ROOTS" -files "$FILES" -seed "$SEED" >&2
	else
		echo "generating $FILES files (seed $SEED) into $TREE..." >&2
		go run ./bench/gen -out "$TREE" -files "$FILES" -seed "$SEED" >&2
	fi
fi

# shellcheck disable=SC2086 # TREE is a list of directories
files=$(find $TREE -type f \( -name '*.tf' -o -name '*.tf.json' \) | wc -l)
# Read the tree once so the figure measures vigil rather than a cold disk.
# shellcheck disable=SC2086
find $TREE -type f \( -name '*.tf' -o -name '*.tf.json' \) -exec cat {} + >/dev/null

set +e
# shellcheck disable=SC2086
/usr/bin/time -v -o "$OUT/time$NAME.txt" "$OUT/vigil" scan $TREE --format json -o "$OUT/report$NAME.json" 2>"$OUT/stderr$NAME.txt"
rc=$?
set -e

field() { grep -F "$1" "$OUT/time$NAME.txt" | sed 's/.*: //'; }
summary=$(grep -m1 '^vigil: [0-9]* resources' "$OUT/stderr$NAME.txt" || true)
resources=$(sed -E 's/^vigil: ([0-9]+) resources.*/\1/' <<<"$summary")
results=$(sed -E 's/^vigil: [0-9]+ resources, ([0-9]+) results.*/\1/' <<<"$summary")
statuses=$(sed -E 's/^vigil: [0-9]+ resources, [0-9]+ results: ([^;]*);.*/\1/' <<<"$summary")

awk -v files="$files" -v elapsed="$(field 'Elapsed (wall clock) time')" -v user="$(field 'User time (seconds)')" \
	-v sys="$(field 'System time (seconds)')" -v rss="$(field 'Maximum resident set size (kbytes)')" \
	-v rc="$rc" -v tree="$TREE" -v nproc="$(nproc)" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
	-v roots="$ROOTS" -v resources="${resources:-?}" -v results="${results:-?}" -v statuses="${statuses:-?}" '
BEGIN {
	n = split(elapsed, p, ":"); wall = 0
	for (i = 1; i <= n; i++) wall = wall * 60 + p[i]
	printf "tree:       %s\n", tree
	if (roots != "") printf "roots:      %s (generated)\n", roots
	printf "files:      %d\n", files
	printf "wall:       %.2f s\n", wall
	printf "files/s:    %.0f\n", files / wall
	printf "cpu:        %.2f s (user %.2f + sys %.2f): %.2f of %d cores busy\n", user + sys, user, sys, (user + sys) / wall, nproc
	printf "peak RSS:   %.0f MiB\n", rss / 1024
	printf "resources:  %s\n", resources
	printf "results:    %s (%s)\n", results, statuses
	printf "exit code:  %d\n", rc
	printf "load avg:   %s before the run (other processes compete for the cores when it is above 0)\n", load
}'
if [ "$rc" -ge 2 ]; then
	echo "vigil reported problems (exit $rc); first lines of $OUT/stderr$NAME.txt:" >&2
	head -5 "$OUT/stderr$NAME.txt" >&2
fi
