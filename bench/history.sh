#!/usr/bin/env bash
# History benchmarks for BENCHMARKS.md: organisations with two years of
# weekly commits (examples/generate.rs N DIR 104), on a RAM disk. For each
# N: `check --at` a year back against `check` on a checkout of that commit;
# `diff` across the last quarter (13 weeks); `build` without history, with
# history and no cache (the first run in a clone), and with the cache (every
# later run). Prints a Markdown table.
#
#   bench/history.sh              # N = 1000 10000
#   bench/history.sh 1000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=${BENCH_DIR:-/dev/shm/mastery-bench}
runs=${BENCH_RUNS:-3}
mkdir -p "$work"
cargo build --release --quiet --bin mastery --example generate
mastery=$PWD/target/release/mastery

# The median of $runs runs of a command: "wall peak-MiB".
measure() {
  local results=()
  for _ in $(seq "$runs"); do
    results+=("$( { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null || true; } | tail -1)")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p" \
    | awk '{printf "%.2f %d\n", $1, $2 / 1024}'
}

echo "| N | commits | what | wall s | peak MiB |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  repo="$work/history-$n"
  if [ ! -d "$repo/.git" ]; then
    rm -rf "$repo"
    target/release/examples/generate "$n" "$repo" 104 >/dev/null
    git -C "$repo" gc -q
  fi
  commits=$(git -C "$repo" rev-list --count HEAD)
  checkout="$work/history-$n-checkout"
  rm -rf "$checkout"; git -C "$repo" worktree prune
  git -C "$repo" worktree add -q --detach "$checkout" HEAD~52
  as_of=$(git -C "$repo" log -1 --format=%cs HEAD~52)
  read -r w m < <(measure "$mastery" check "$checkout" --as-of "$as_of" --quiet)
  echo "| $n | $commits | check on a checkout of HEAD~52 | $w | $m |"
  read -r w m < <(measure "$mastery" check "$repo" --at HEAD~52 --quiet)
  echo "| $n | $commits | check --at HEAD~52 | $w | $m |"
  read -r w m < <(measure "$mastery" diff HEAD~13 HEAD --dir "$repo" --format json)
  echo "| $n | $commits | diff HEAD~13 HEAD (a quarter) | $w | $m |"
  git -C "$repo" worktree remove --force "$checkout"
  out="$work/history-$n-report"
  read -r w m < <(measure "$mastery" build "$repo" -o "$out" --quiet --no-history)
  echo "| $n | $commits | build --no-history | $w | $m |"
  read -r w m < <(measure sh -c 'rm -rf "$1/.git/mastery"; exec "$2" build "$1" -o "$3" --quiet' \
    - "$repo" "$mastery" "$out")
  echo "| $n | $commits | build, no history cache (first run) | $w | $m |"
  read -r w m < <(measure "$mastery" build "$repo" -o "$out" --quiet)
  echo "| $n | $commits | build, history cached | $w | $m |"
done
