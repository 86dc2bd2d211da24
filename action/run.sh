#!/usr/bin/env bash
# The work of the GitHub Action (action.yml), in plain bash and Python so
# it runs, and is tested (tests/testsuite/packaging.rs), outside GitHub:
# install mastery-cli into a virtual environment under RUNNER_TEMP, check
# the team with GitHub annotations and a step summary, and build the report
# when asked. pip reads its index from the usual PIP_* variables.
#
# Exit status: mastery check's (0 clean, 1 error-level findings, 2 a bad
# setup), or 2 when mastery cannot be installed or the report not built.
set -euo pipefail

team=${INPUT_TEAM:-.}
version=${INPUT_VERSION:-latest}
args=${INPUT_ARGS:-}
changed_since=${INPUT_CHANGED_SINCE:-}
report=${INPUT_REPORT:-false}

fail() {
  echo "::error title=mastery::$1"
  exit 2
}

[ -n "${RUNNER_TEMP:-}" ] || fail "RUNNER_TEMP is not set: this script runs inside GitHub Actions (action.yml)"
cd "${GITHUB_WORKSPACE:-.}"
case "$report" in
  true | false) ;;
  *) fail "the report input is \`$report\`: write true or false" ;;
esac
# The report's name becomes a folder under RUNNER_TEMP and a step output:
# a plain name only (no `/`, no `..`, no line break).
report_name=${INPUT_REPORT_NAME:-team-mastery-report}
case "$report_name" in
  "" | . | .. | *[!A-Za-z0-9._-]*)
    fail "the report-name input must be a plain name of letters, digits, \`.\`, \`-\` and \`_\`"
    ;;
esac

# The first Python that runs (on Windows, `python3` may be the Store's stub).
python=
for candidate in python3 python; do
  found=$(command -v "$candidate") && "$found" -c 'import sys' 2>/dev/null && python=$found && break
done
[ -n "$python" ] || fail "no python3 on PATH to install mastery-cli with"
venv="$RUNNER_TEMP/mastery-venv"
"$python" -m venv "$venv" || fail "cannot create a virtual environment in $venv"
bin="$venv/bin"
[ -d "$venv/Scripts" ] && bin="$venv/Scripts" # Windows
package=mastery-cli
[ "$version" = latest ] || package="mastery-cli==$version"
echo "::group::Install $package"
"$bin/python" -m pip install --disable-pip-version-check --no-input "$package" ||
  fail "cannot install $package from the package index"
echo "::endgroup::"
mastery="$bin/mastery"
"$mastery" --version

check=(check "$team" --format github)
[ -z "$changed_since" ] || check+=(--changed-since "$changed_since")
# Extra arguments are words, split as a shell would split them unquoted,
# over as many lines as they take.
read -r -d '' -a extra <<<"$args" || true
status=0
"$mastery" "${check[@]}" ${extra[@]+"${extra[@]}"} || status=$?

if [ "$report" = true ]; then
  out="$RUNNER_TEMP/mastery-report-$report_name"
  # Exit 1 (error-level findings) still writes the report.
  built=0
  "$mastery" build "$team" -o "$out" --quiet || built=$?
  [ "$built" -le 1 ] || fail "mastery build exited $built: no report"
  echo "report-path=$out" >>"${GITHUB_OUTPUT:-/dev/null}"
fi
exit "$status"
