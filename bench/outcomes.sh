#!/usr/bin/env bash
# Outcomes at scale: `check` of a team whose vision has N outcomes, each with
# a finding, at N and at 4N, measured alternately in one run. Three kinds:
#
# - uncovered: nobody serves any outcome (`uncovered-outcome` on each);
# - misspelt: N/10 members with ten objectives each, every one naming its
#   outcome misspelt (`unknown-outcome` with a did-you-mean on each);
# - unlinked: a sub-team vision of N outcomes serving nothing above it
#   (`unlinked-outcome` on each).
#
#   bench/outcomes.sh [N]        # N = 10000 (and 40000)
#
# Data on $BENCH_DIR (default /dev/shm/mastery-bench, a RAM disk). Prints
# a Markdown table of medians of $BENCH_RUNS (default 5) runs.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${BENCH_DIR:-/dev/shm/mastery-bench}
runs=${BENCH_RUNS:-5}
mkdir -p "$work"
cargo build --release --quiet --bin mastery
mastery=target/release/mastery

outcomes() {  # outcomes N PREFIX: the outcomes list of a vision
  awk -v n="$1" -v p="$2" 'BEGIN { for (i = 0; i < n; i++) printf "  - id: %s-%d\n    title: %s %d\n", p, i, p, i }'
}

team() {  # team KIND N DIR
  local kind=$1 n=$2 dir=$3
  rm -rf "$dir" && mkdir -p "$dir"
  { printf -- '---\nteam: Org\nstatement: S\noutcomes:\n'
    if [ "$kind" = unlinked ]; then outcomes 40 outcome; else outcomes "$n" outcome; fi
    printf -- '---\n'; } > "$dir/vision.md"
  case $kind in
    uncovered)
      printf -- '---\nname: A\n---\n' > "$dir/a.md" ;;
    misspelt)
      awk -v n="$n" -v d="$dir" 'BEGIN {
        for (m = 0; m < n / 10; m++) {
          f = sprintf("%s/m%d.md", d, m)
          printf "---\nname: M%d\nobjectives:\n", m > f
          for (k = 0; k < 10; k++) printf "  - objective: O%d\n    outcome: outcom-%dx\n", k, m * 10 + k > f
          printf "---\n" > f
          close(f)
        } }' ;;
    unlinked)
      mkdir -p "$dir/sub"
      { printf -- '---\nteam: Sub\nstatement: S\noutcomes:\n'; outcomes "$n" sub; printf -- '---\n'; } > "$dir/sub/vision.md"
      printf -- '---\nname: A\n---\n' > "$dir/a.md" ;;
  esac
}

once() {  # the wall time of one check of DIR
  /usr/bin/time -f '%e' -o "$work/outcomes-time" "$mastery" check "$1" --as-of 2026-11-27 --format json >/dev/null 2>&1 || true
  tail -1 "$work/outcomes-time"
}

median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

big=$((4 * n))
echo "| kind | $n outcomes | $big outcomes | ratio |"
echo "|---|---:|---:|---:|"
for kind in uncovered misspelt unlinked; do
  team "$kind" "$n" "$work/outcomes-$kind-$n"
  team "$kind" "$big" "$work/outcomes-$kind-$big"
  small=() large=()
  for _ in $(seq "$runs"); do  # alternated, so both see the same machine
    small+=("$(once "$work/outcomes-$kind-$n")")
    large+=("$(once "$work/outcomes-$kind-$big")")
  done
  small_s=$(printf '%s\n' "${small[@]}" | median)
  big_s=$(printf '%s\n' "${large[@]}" | median)
  echo "| $kind | $small_s s | $big_s s | $(echo "scale=2; $big_s / $small_s" | bc) |"
done
