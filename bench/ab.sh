#!/usr/bin/env bash
# Two builds of mastery side by side: `check` and `build` on each TEAM,
# the two binaries alternated so a busy machine slows both alike, then
# watch's save to page (bench/watch.sh) and the language server
# (bench/lsp.py) for each. Prints medians, old then new, and new ÷ old.
#
#   bench/ab.sh OLD NEW TEAM...
#
# Runs $AB_RUNS (default 7) of each command; work goes to $BENCH_DIR
# (default /dev/shm/mastery-ab, a RAM disk).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
shift 2
runs=${AB_RUNS:-7}
work=${BENCH_DIR:-/dev/shm/mastery-ab}
mkdir -p "$work"

# Wall seconds of one run (exit 1 = findings, expected).
wall() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 ))"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| team | command | old ms | new ms | new ÷ old |"
echo "|---|---|---:|---:|---:|"
for team in "$@"; do
  name=$(basename "$team")
  for command in check build; do
    olds=() news=()
    for _ in $(seq "$runs"); do
      args=("$command" "$team" --as-of 2026-11-27)
      [ "$command" = build ] && args+=(-o "$work/out")
      olds+=("$(wall "$old" "${args[@]}")")
      news+=("$(wall "$new" "${args[@]}")")
    done
    o=$(printf '%s\n' "${olds[@]}" | median) n=$(printf '%s\n' "${news[@]}" | median)
    echo "| $name | $command | $o | $n | $(awk "BEGIN {printf \"%.2f\", $n / $o}") |"
  done
done
for team in "$@"; do
  for binary in "$old" "$new"; do
    echo "$binary: $(bench/watch.sh "$binary" "$team" "$work/watch")"
  done
done
for binary in "$old" "$new"; do
  echo "$binary:"
  python3 bench/lsp.py "$binary" "$@"
done
