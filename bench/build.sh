#!/usr/bin/env bash
# What it takes to get a `mastery` binary from source (issue 30): a clean
# `cargo build --release --locked` of BASE (default: the commit before the
# packaging work) and of HEAD, one after the other in one run, each in its
# own work tree and target folder on tmpfs; the unique crates in
# `cargo tree -e normal,build`; the binary's size as built and stripped.
#
#   bench/build.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-fd3b0c1d6}
work=${BENCH_DIR:-/dev/shm/mastery-build}
rm -rf "$work" && mkdir -p "$work"
git worktree prune
for side in base head; do
  rev=$([ "$side" = base ] && echo "$base" || echo HEAD)
  git worktree add -f --detach "$work/$side" "$rev" >/dev/null 2>&1
  (
    cd "$work/$side"
    crates=$(cargo tree -e normal,build --prefix none -p mastery 2>/dev/null | awk '{print $1" "$2}' | sort -u | wc -l)
    /usr/bin/time -f '%e %U' -o "$work/$side.time" \
      env CARGO_TARGET_DIR="$work/target-$side" cargo build --release --locked --quiet --bin mastery
    read -r wall user <"$work/$side.time"
    binary="$work/target-$side/release/mastery"
    strip -o "$work/$side.stripped" "$binary"
    printf '%s (%s): clean release build %s s wall, %s s CPU; %s crates; binary %s bytes, stripped %s bytes\n' \
      "$side" "$(git rev-parse --short HEAD)" "$wall" "$user" "$crates" \
      "$(stat -c %s "$binary")" "$(stat -c %s "$work/$side.stripped")"
  )
done
git worktree remove --force "$work/base"
git worktree remove --force "$work/head"
