#!/usr/bin/env bash
# Sub-team visions cost (SPEC section 9): `check` and `build` of the
# generated 10,000-member organisation, as generated (one vision) and with
# 20 sub-team visions added (one per department, two outcomes each, each
# serving an outcome of the root's), measured alternately in one run.
#
#   bench/sub-visions.sh [N]     # N = 10000
#
# Data on $BENCH_DIR (default /dev/shm/mastery-bench, a RAM disk). Prints
# a Markdown table of medians of $BENCH_RUNS (default 7) runs.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${BENCH_DIR:-/dev/shm/mastery-bench}
runs=${BENCH_RUNS:-7}
as_of=2026-11-27
mkdir -p "$work"
cargo build --release --quiet --bin mastery --example generate
mastery=target/release/mastery

one="$work/team-$n"
[ -f "$one/vision.md" ] || target/release/examples/generate "$n" "$one"
subs="$work/team-$n-sub20"
rm -rf "$subs" && cp -r "$one" "$subs"
for d in $(seq 0 19); do
  dept=$(printf 'dept-%02d' "$d")
  cat > "$subs/$dept/vision.md" <<VISION
---
team: Department $d
statement: Department $d's part of the organisation's vision.
outcomes:
  - id: $dept-a
    title: Department $d, first outcome
    serves: [outcome-$((2 * d))]
  - id: $dept-b
    title: Department $d, second outcome
    serves: [outcome-$((2 * d + 1))]
---
VISION
done

# shellcheck source=bench/timing.sh
source bench/timing.sh

declare -A times
for _ in $(seq "$runs"); do
  for team in "$one" "$subs"; do
    times[check-$team]+="$(wall "$mastery" check "$team" --as-of $as_of --format json) "
    times[build-$team]+="$(wall "$mastery" build "$team" -o "$work/out-visions" --as-of $as_of --quiet) "
  done
done

echo "| N = $n | one vision | 20 sub-team visions | ratio |"
echo "|---|---:|---:|---:|"
for what in check build; do
  a=$(median <<<"${times[$what-$one]}")
  b=$(median <<<"${times[$what-$subs]}")
  echo "| mastery $what (wall s, median of $runs) | $a | $b | $(echo "scale=3; $b / $a" | bc) |"
done
