#!/usr/bin/env bash
# The check step of action.yml: SARIF first (always written, whatever is found), then the report
# in the job log, whose exit code is the step's. Inputs come from the environment, never from
# text pasted into the script, and paths are never globbed.
set -euo pipefail
set -f
ecslint=${ECSLINT:-ecslint}
[ -x "$ecslint" ] || [ ! -x "$ecslint.exe" ] || ecslint=$ecslint.exe
# PATHS: one path per line when it has several lines (a path may then hold spaces), else
# separated by spaces. ARGS: separated by white space.
paths=()
if [[ "${PATHS:-}" == *$'\n'* ]]; then
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -z "$line" ] || paths+=("$line")
  done <<< "$PATHS"
else
  read -r -a paths <<< "${PATHS:-}" || true
fi
[ "${#paths[@]}" -gt 0 ] || paths=(.)
args=()
read -r -d '' -a args <<< "${ARGS:-}" || true

if [ -n "${SARIF:-}" ]; then
  "$ecslint" check --format sarif --output "$SARIF" --exit-zero ${args[@]+"${args[@]}"} -- "${paths[@]}"
  echo "sarif-file=$SARIF" >> "${GITHUB_OUTPUT:-/dev/null}"
else
  echo "sarif-file=" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
exec "$ecslint" check --format "${FORMAT:-github}" --fail-on "${FAIL_ON:-warning}" ${args[@]+"${args[@]}"} -- "${paths[@]}"
