#!/usr/bin/env bash
# Install an ecslint release binary: download the archive for this machine, check its SHA-256
# against the release's ARCHIVE.sha256, unpack the binary into a directory.
#
#   curl -fsSL https://raw.githubusercontent.com/ecslint/ecslint/main/scripts/install.sh | bash
#   scripts/install.sh --resolve      # print the version that would be installed, and stop
#
# Settings, from the environment:
#   ECSLINT_VERSION       the release, `0.1.0` or `v0.1.0` (default: the latest release)
#   ECSLINT_INSTALL_DIR   where the binary goes (default: ~/.local/bin)
#   ECSLINT_TARGET        the build to fetch (default: this machine's: Linux x86_64/aarch64,
#                         static musl; macOS x86_64/arm64; Windows x86_64)
#   ECSLINT_RELEASES_URL  where releases are (default: https://github.com/ecslint/ecslint/releases);
#                         the archive is ECSLINT_RELEASES_URL/download/vVERSION/ARCHIVE, and a
#                         file:// address works, which is how the tests use it
# The archives are made by scripts/package-release.sh, in .github/workflows/release.yml.
set -euo pipefail

releases=${ECSLINT_RELEASES_URL:-https://github.com/ecslint/ecslint/releases}
dir=${ECSLINT_INSTALL_DIR:-$HOME/.local/bin}

fail() { echo "ecslint install: $*" >&2; exit 1; }

target() {
  if [ -n "${ECSLINT_TARGET:-}" ]; then echo "$ECSLINT_TARGET"; return; fi
  local os arch
  os=$(uname -s)
  arch=$(uname -m)
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) fail "no release build for the processor $arch; build from source: cargo install ecslint" ;;
  esac
  case "$os" in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      [ "$arch" = x86_64 ] || fail "no release build for Windows on $arch"
      echo "x86_64-pc-windows-msvc" ;;
    *) fail "no release build for $os; build from source: cargo install ecslint" ;;
  esac
}

version() {
  local v=${ECSLINT_VERSION:-latest}
  if [ "$v" = latest ]; then
    # GitHub redirects …/releases/latest to …/releases/tag/vX.Y.Z.
    local url
    url=$(curl -fsSL -o /dev/null -w '%{url_effective}' "$releases/latest") \
      || fail "cannot find the latest release at $releases/latest"
    v=${url##*/}
    [ "$v" != latest ] || fail "cannot find the latest release at $releases/latest"
  fi
  echo "${v#v}"
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

v=$(version)
if [ "${1:-}" = --resolve ]; then echo "$v"; exit 0; fi

t=$(target)
exe=ecslint
ext=tar.gz
case "$t" in *windows*) exe=ecslint.exe ext=zip ;; esac
archive="ecslint-$v-$t.$ext"
url="$releases/download/v$v/$archive"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/$archive" "$url" || fail "cannot download $url"
curl -fsSL --retry 3 -o "$tmp/$archive.sha256" "$url.sha256" || fail "cannot download $url.sha256"
want=$(cut -d' ' -f1 < "$tmp/$archive.sha256")
got=$(sha256 "$tmp/$archive")
[ -n "$want" ] && [ "$want" = "$got" ] \
  || fail "checksum mismatch for $archive: expected ${want:-nothing}, got $got; nothing installed"

case "$ext" in
  tar.gz) tar -C "$tmp" -xzf "$tmp/$archive" ;;
  zip) if command -v unzip >/dev/null; then unzip -q "$tmp/$archive" -d "$tmp"; else 7z x -bd -o"$tmp" "$tmp/$archive" >/dev/null; fi ;;
esac
[ -f "$tmp/ecslint-$v-$t/$exe" ] || fail "$archive holds no $exe"
mkdir -p "$dir"
# Beside the old binary first, then renamed over it: a running ecslint is never half-written.
cp "$tmp/ecslint-$v-$t/$exe" "$dir/.$exe.new"
chmod 755 "$dir/.$exe.new"
mv -f "$dir/.$exe.new" "$dir/$exe"
echo "installed ecslint $v ($t) at $dir/$exe"
