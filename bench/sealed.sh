#!/usr/bin/env bash
# Sealing costs nothing measurable to `check` (SPEC section 10): the
# generated organisation with its one private feedback entry per member in
# clear, against the same organisation after `mastery seal` (one sealed
# entry each, for the member's manager), measured alternately in one run,
# on two kinds of team: as generated (many findings: about one member in
# five has an error) and with the errors fixed (few findings).
#
#   bench/sealed.sh [N]     # N = 10000
#
# Data on $BENCH_DIR (default /dev/shm/mastery-bench, a RAM disk). Prints
# a Markdown table of medians of $BENCH_RUNS (default 9) runs.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${BENCH_DIR:-/dev/shm/mastery-bench}
runs=${BENCH_RUNS:-9}
as_of=2026-11-27
mkdir -p "$work"
cargo build --release --quiet --bin mastery --example generate
mastery=$PWD/target/release/mastery

many="$work/team-$n"
[ -f "$many/vision.md" ] || target/release/examples/generate "$n" "$many"
few="$work/team-$n-few"
rm -rf "$few" && cp -r "$many" "$few"
# The generator's errors are objectives naming `outcome-typo`.
grep -rl 'outcome-typo' "$few" | xargs sed -i 's/outcome-typo/outcome-1/'

# One age key for every manager (the author of each private entry).
key=$(age-keygen 2>/dev/null | grep -o 'age1[0-9a-z]*')
for team in "$many" "$few"; do
  sealed="$team-sealed"
  rm -rf "$sealed" && cp -r "$team" "$sealed"
  find "$sealed" -name 'm*0.md' | while read -r file; do
    sed -i "0,/^name: /s//keys: [$key]\nname: /" "$file"
  done
  "$mastery" seal "$sealed" --as-of $as_of
done
# shellcheck source=bench/timing.sh
source bench/timing.sh

declare -A times
for _ in $(seq "$runs"); do
  for team in "$many" "$many-sealed" "$few" "$few-sealed"; do
    times[$team]+="$(wall "$mastery" check "$team" --as-of $as_of --format json) "
  done
done

echo "| N = $n, \`check\` | private entries in clear | sealed | sealed ÷ clear |"
echo "|---|---:|---:|---:|"
for team in "$many" "$few"; do
  a=$(median <<<"${times[$team]}")
  b=$(median <<<"${times[$team-sealed]}")
  kind=$([ "$team" = "$many" ] && echo "many findings" || echo "few findings")
  echo "| $kind | $a s | $b s | $(echo "scale=3; $b / $a" | bc) |"
done

# Instructions, which a busy machine does not blur (valgrind's callgrind;
# slow: about a minute a run). BENCH_CALLGRIND=0 skips it.
if [ "${BENCH_CALLGRIND:-1}" = 1 ] && command -v valgrind >/dev/null; then
  instructions() {
    # `check` exits 1: the teams have error-level findings.
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$mastery" check "$1" --as-of $as_of --format json 2>&1 >/dev/null || true; } |
      grep -o 'Collected : [0-9]*' | grep -o '[0-9]*$'
  }
  echo
  echo "| N = $n, \`check\` instructions | in clear | sealed | sealed ÷ clear |"
  echo "|---|---:|---:|---:|"
  for team in "$many" "$few"; do
    a=$(instructions "$team")
    b=$(instructions "$team-sealed")
    kind=$([ "$team" = "$many" ] && echo "many findings" || echo "few findings")
    echo "| $kind | $a | $b | $(echo "scale=4; $b / $a" | bc) |"
  done
fi
