#!/usr/bin/env bash
# Growth frameworks at scale (issue 29): `check` and `build` of N members
# (the generated organisation, many findings) with a framework and 20
# evidence entries each, against the same records with no framework file
# (the framework rules then switched off in `[rules]`, so the records are
# read the same and only the framework's cost differs). The two alternate,
# $BENCH_RUNS times (default 5); medians.
#
#   bench/frameworks.sh [N]      # N = 10000
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${BENCH_DIR:-/dev/shm/mastery-bench}
runs=${BENCH_RUNS:-5}
cargo build --release --quiet --bin mastery --example generate
mastery=target/release/mastery
base="$work/team-$n"
[ -f "$base/vision.md" ] || target/release/examples/generate "$n" "$base"
with="$work/frameworks-$n" without="$work/frameworks-none-$n"
rm -rf "$with" "$without" && cp -r "$base" "$with"
python3 - "$with" <<'PY'
import pathlib, sys
team = pathlib.Path(sys.argv[1])
topics = ["communication", "delivery", "design", "operations", "mentoring"]
framework = ["---", "title: Engineering", "levels: 4", "topics:"]
for t in topics:
    framework += [f"  - name: {t}", f"    title: {t.title()}", "    content:"]
    for level in range(1, 5):
        framework += [f"      - level: {level}", "        criteria:"]
        framework += [f"          - {t.title()} criterion {c} at level {level}" for c in range(3)]
framework += ["---", "Levels and what they ask.", ""]
(team / "frameworks").mkdir()
(team / "frameworks" / "engineering.md").write_text("\n".join(framework))
for i, path in enumerate(sorted(p for p in team.rglob("*.md") if p.name != "vision.md" and p.parent.name != "frameworks")):
    text = path.read_text()
    end = text.index("\n---\n", 4)
    entries = ["level: 2", "evidence:"]
    for e in range(20):
        level = 2 + e % 3
        entries += [
            f"  - date: 2026-{1 + (i + e) % 11:02d}-{1 + e:02d}",
            f"    topic: {topics[e % 5]}",
            f"    level: {level}",
            f"    criterion: {topics[e % 5].title()} criterion {e % 3} at level {level}",
            f"    note: Evidence {e} of member {i}, with a sentence of what happened.",
            f"    link: https://example.org/{i}/{e}",
        ]
    path.write_text(text[:end] + "\n" + "\n".join(entries) + text[end:])
PY
cp -r "$with" "$without" && rm -rf "$without/frameworks"
printf '[rules]\nunknown-topic = "allow"\nlevel-out-of-range = "allow"\nevidence-gap = "allow"\n' > "$without/mastery.toml"

# "wall user" seconds of one run.
times() {
  /usr/bin/time -f '%e %U' -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/time.txt"
}
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
column() { printf '%s\n' "${@:2}" | awk -v c="$1" '{print $c}' | median; }
for command in check build; do
  a=() b=()
  for _ in $(seq "$runs"); do
    if [ "$command" = check ]; then
      a+=("$(times "$mastery" check "$with" --as-of 2026-11-27 --format json)")
      b+=("$(times "$mastery" check "$without" --as-of 2026-11-27 --format json)")
    else
      a+=("$(times "$mastery" build "$with" -o "$work/fw-out" --as-of 2026-11-27 --quiet)")
      b+=("$(times "$mastery" build "$without" -o "$work/fw-none-out" --as-of 2026-11-27 --quiet)")
    fi
  done
  wa=$(column 1 "${a[@]}") wb=$(column 1 "${b[@]}") ua=$(column 2 "${a[@]}") ub=$(column 2 "${b[@]}")
  echo "$command, $n members, 20 evidence entries each, medians of $runs alternated runs:" \
    "wall $wa s with the framework, $wb s without (ratio $(echo "scale=2; $wa / $wb" | bc));" \
    "user CPU $ua s against $ub s (ratio $(echo "scale=2; $ua / $ub" | bc))"
done
