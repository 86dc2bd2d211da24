#!/usr/bin/env bash
# Watch's save-to-page latency: start `mastery watch` with its default
# settings on TEAM, save one member eleven times the way `sed -i` does (a
# temporary file renamed over the record), and print the median time watch
# reports for each rebuild, the median time from the save to the member's
# page showing the edit, and how many rebuilds the eleven saves gave.
#
#   bench/watch.sh MASTERY TEAM WORK [extra watch arguments]
#
# The member saved is m4242 (the generator's), or $MEMBER.
set -euo pipefail
mastery=$1 team=$2 work=$3
shift 3
out="$work/out" log="$work/log"
rm -rf "$work" && mkdir -p "$work"
"$mastery" watch "$team" -o "$out" --as-of 2026-11-27 "$@" >/dev/null 2>"$log" &
pid=$!
until [ -f "$out/index.html" ]; do sleep 0.1; done
sleep 1
id=${MEMBER:-m4242}
member=$(find "$team" -name "$id.md" | head -1)
page="$out/members/$id.html"
before=$(grep -c 'rebuilt in' "$log" || true)
latencies=()
for i in $(seq 11); do
  marker="edited-$i-$RANDOM"
  start=$(date +%s%N)
  sed -i "s/^role: .*/role: $marker/" "$member"
  until grep -q "$marker" "$page" 2>/dev/null; do sleep 0.001; done
  latencies+=($(( ($(date +%s%N) - start) / 1000000 )))
  sleep 0.5
done
kill -INT "$pid"; wait "$pid" || true
median() { sort -n | sed -n 6p; }
rebuilds=$(grep -o 'rebuilt in [0-9]*' "$log" | awk '{print $3}' | tail -n +$((before + 1)) | tr '\n' ' ')
count=$(printf '%s\n' $rebuilds | grep -c . || true)
echo "watch $(basename "$team"), one-member save x11: rebuild median $(printf '%s\n' $rebuilds | median) ms" \
  "(runs: ${rebuilds}ms); save to page median $(printf '%s\n' "${latencies[@]}" | median) ms" \
  "(runs: ${latencies[*]} ms); $count rebuilds for 11 saves"
