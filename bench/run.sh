#!/usr/bin/env bash
# Benchmarks for BENCHMARKS.md: check, build, the floor and Hugo on the same
# generated organisations, plus watch's edit-to-report latency.
#
#   bench/run.sh                 # N = 1000 10000 100000
#   bench/run.sh 1000 10000      # chosen sizes
#
# Needs: a release build (made here), /usr/bin/time, and Debian's hugo
# (`apt-get install hugo`). Data and output go to $BENCH_DIR (default
# /dev/shm/mastery-bench, a RAM disk, so the figures measure the tools, not
# this machine's virtual disk). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
work=${BENCH_DIR:-/dev/shm/mastery-bench}
runs=${BENCH_RUNS:-3}
as_of=2026-11-27
mkdir -p "$work"

cargo build --release --quiet --bin mastery --example generate
cargo build --release --quiet -p mastery-floor
mastery=target/release/mastery
floor=target/release/mastery-floor

# The median of $runs runs of a command: "wall user+sys peak-KiB".
measure() {
  local results=()
  for _ in $(seq "$runs"); do
    "$@" >/dev/null 2>&1 || [ $? -eq 1 ]  # exit 1 = findings, expected
    results+=("$( { /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null || true; } | tail -1)")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p" \
    | awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4 / 1024}'
}

hugo_site() {  # a minimal Hugo site over the same files
  local team=$1 site=$2
  rm -rf "$site" && mkdir -p "$site/layouts/_default"
  cat > "$site/hugo.toml" <<'TOML'
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
TOML
  echo '<!DOCTYPE html><html><body><h1>{{ .Params.name }}</h1>{{ .Content }}</body></html>' \
    > "$site/layouts/_default/single.html"
  echo '<!DOCTYPE html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Params.name }}</a>{{ end }}</body></html>' \
    > "$site/layouts/_default/list.html"
  ln -s "$team" "$site/content"
}

echo "| N | tool | wall s | CPU s | peak MiB | vs floor |"
echo "|---:|---|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  team="$work/team-$n"
  [ -f "$team/vision.md" ] || target/release/examples/generate "$n" "$team"
  read -r fw fc fm < <(measure "$floor" "$team" serde_yaml)
  echo "| $n | floor (walk, read, split, YAML, Markdown; parallel) | $fw | $fc | $fm | 1.00 |"
  read -r ww wc wm < <(measure "$floor" "$team" serde_yaml "$work/floor-out-$n")
  echo "| $n | floor + write each body to a file, replacing the last output | $ww | $wc | $wm | $(echo "scale=2; $ww / $fw" | bc) |"
  read -r cw cc cm < <(measure "$mastery" check "$team" --as-of $as_of --format json)
  echo "| $n | mastery check | $cw | $cc | $cm | $(echo "scale=2; $cw / $fw" | bc) |"
  read -r bw bc bm < <(measure "$mastery" build "$team" -o "$work/out-$n" --as-of $as_of --quiet)
  echo "| $n | mastery build | $bw | $bc | $bm | $(echo "scale=2; $bw / $fw" | bc) ($(echo "scale=2; $bw / $ww" | bc)× floor + write) |"
  if command -v hugo >/dev/null; then
    hugo_site "$team" "$work/hugo-$n"
    read -r hw hc hm < <(measure hugo --quiet -s "$work/hugo-$n" -d "$work/hugo-out-$n")
    echo "| $n | hugo (minimal templates) | $hw | $hc | $hm | $(echo "scale=2; $hw / $fw" | bc) |"
  fi
done

# Watch at 10,000 members, with its default settings (bench/watch.sh).
team="$work/team-10000"
if [ -d "$team" ]; then
  echo
  bench/watch.sh "$mastery" "$team" "$work/watch"
fi
