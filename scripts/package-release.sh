#!/usr/bin/env bash
# Package a built ecslint for a release: dist/ecslint-VERSION-TARGET.tar.gz (.zip on Windows)
# holding the binary, the licenses and the README, and beside it ARCHIVE.sha256 in
# `sha256sum` format, which scripts/install.sh (and action.yml) checks before unpacking.
#
#   scripts/package-release.sh TARGET VERSION [BINARY] [OUT_DIR]
#
# BINARY defaults to target/TARGET/dist/ecslint[.exe], as release.yml builds it; OUT_DIR to dist.
set -euo pipefail

target=${1:?usage: package-release.sh TARGET VERSION [BINARY] [OUT_DIR]}
version=${2:?usage: package-release.sh TARGET VERSION [BINARY] [OUT_DIR]}
version=${version#v}
exe=ecslint
case "$target" in *windows*) exe=ecslint.exe ;; esac
binary=${3:-target/$target/dist/$exe}
out=${4:-dist}
root=$(cd "$(dirname "$0")/.." && pwd)

[ -f "$binary" ] || { echo "package-release.sh: no binary at $binary" >&2; exit 2; }
name="ecslint-$version-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
cp "$binary" "$stage/$name/$exe"
cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$root/README.md" "$stage/$name/"

case "$target" in
  *windows*)
    archive="$name.zip"
    (cd "$stage" && 7z a -tzip -bd "$archive" "$name" >/dev/null)
    ;;
  *)
    archive="$name.tar.gz"
    tar -C "$stage" -czf "$stage/$archive" "$name"
    ;;
esac
mv "$stage/$archive" "$out/$archive"

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
(cd "$out" && sha256 "$archive" > "$archive.sha256")
echo "$out/$archive"
