#!/usr/bin/env bash
# A real kube-apiserver for the cluster tests, built once per machine from Debian 12's `kubernetes` source package
# and cached outside the clone: $XDG_CACHE_HOME/opencode-sessions/kube-apiserver-<Debian version>/ (default
# ~/.cache), rebuilt only when Debian's package version changes. No Kubernetes binary is obtainable here
# (kind, k3s, envtest download theirs); Debian ships the apiserver only as source.
#
# Prints the binary's path as its last line and exits 0; when it cannot build here (no apt-get, not root, no
# network namespaces for the tests) it prints one line saying why on stderr and exits 1. About 10 CPU-minutes,
# 1.7 GB of memory and 2 GB of disk while building; the Go cache and the source are removed afterwards.
#
# What the build needs (found when it was first done):
#   - `make gen_openapi` before the build, else `undefined: openapi.GetOpenAPIDefinitions`;
#   - Debian's reflect2 1.0.2 and json-iterator 1.1.12 instead of the vendored 1.0.1 and 1.1.10: with those under
#     Go >= 1.18 the server crashes on the first custom-resource create;
#   - GOPATH mode: module mode with -mod=vendor asks for go.mod updates.
set -euo pipefail

say() { echo "kube-apiserver: $*" >&2; }
unavailable() {
  say "not available: $*"
  exit 1
}

# Why a path the tests would run (or build into) is not safe to use, or nothing when it is: owned by this user or
# root, not writable by its group or others, not a symbolic link. Anyone else who can change it could change what
# the tests run as this user.
path_problem() {
  local path=$1 owner mode
  if [ -L "$path" ]; then
    echo "$path is a symbolic link"
    return
  fi
  read -r owner mode < <(stat -c '%u %a' -- "$path")
  if [ "$owner" != "$(id -u)" ] && [ "$owner" != 0 ]; then
    echo "$path is owned by uid $owner, not by you (uid $(id -u)) or root"
  elif (((8#$mode & 8#022) != 0)); then
    echo "$path may be changed by its group or others (mode $mode)"
  fi
}

# The first problem of the cache's folders (the cache root, ours in it, the version's), those that exist.
folder_problem() {
  local root=$1 cache=$2 dir why
  for dir in "$root" "$root/opencode-sessions" "$cache"; do
    [ -e "$dir" ] || [ -L "$dir" ] || continue
    why=$(path_problem "$dir")
    if [ -n "$why" ]; then
      echo "$why"
      return
    fi
  done
}

# Sourced (by the tests of these checks): the functions only.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then return 0; fi
cd "$(dirname "$0")/.."

command -v apt-cache >/dev/null 2>&1 || unavailable "no apt-get (it is built from Debian 12's kubernetes source package)"
# The source package's version: kubernetes-client is built from it, and its version is known without deb-src.
version() { apt-cache show --no-all-versions kubernetes-client 2>/dev/null | sed -n 's/^Version: //p' | head -n 1; }
version=$(version)
# A new machine may have no apt lists yet.
if [ -z "$version" ] && [ "$(id -u)" -eq 0 ]; then
  apt-get update -q >/dev/null 2>&1 || true
  version=$(version)
fi
[ -n "$version" ] || unavailable "Debian's kubernetes packages are not in the apt lists (run apt-get update; Debian 12 only)"
root="${XDG_CACHE_HOME:-$HOME/.cache}"
cache="$root/opencode-sessions/kube-apiserver-${version//[^A-Za-z0-9.+-]/_}"
binary="$cache/kube-apiserver"
# A cache someone else can change is not used, not even to build into; a binary that is not safe is built again.
why=$(folder_problem "$root" "$cache")
[ -z "$why" ] || unavailable "the cache is not safe to use: $why; remove it (or fix its owner and mode) and run again"
if [ -e "$binary" ] || [ -L "$binary" ]; then
  why=$(path_problem "$binary")
  if [ -n "$why" ]; then
    say "not running the cached binary: $why; building it again"
    rm -f -- "$binary"
  fi
fi

# What the tests run beside it: etcd, and `ip` to give the private network namespace its test addresses.
needed=()
command -v etcd >/dev/null 2>&1 || needed+=(etcd-server)
command -v ip >/dev/null 2>&1 || needed+=(iproute2)
command -v unshare >/dev/null 2>&1 || needed+=(util-linux)
if [ ! -x "$binary" ]; then
  needed+=(golang-go rsync jq golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev)
  command -v dpkg-source >/dev/null 2>&1 || needed+=(dpkg-dev)
fi
missing=()
for p in "${needed[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || unavailable "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'"
  say "installing ${missing[*]} with apt-get"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# The tests give the apiserver a network namespace of its own (service proxies refuse loopback endpoints).
unshare -n true 2>/dev/null || unavailable "cannot create a network namespace (unshare -n needs root or CAP_SYS_ADMIN)"

if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi

(umask 077 && mkdir -p "$cache")
exec 9>"$cache/.lock"
flock 9 # another run building the same version: wait for it, then use its binary
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ocs-kube-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
say "building kube-apiserver from Debian's kubernetes $version (once per machine, about 10 CPU-minutes)"
started=$(date +%s)

# A temporary deb-src list in a private apt state: the machine's own apt configuration is left as it was.
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/parts"
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && sed 's/^Types:.*/Types: deb-src/' "$f" >"$work/apt/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && sed -n 's/^deb \(.*\)/deb-src \1/p' "$f" >>"$work/apt/parts/from-lists.list"
done
apt_private=(-o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -o "Dir::Etc::SourceParts=$work/apt/parts"
  -o "Dir::Etc::SourceList=/dev/null" -o "APT::Sandbox::User=root")
apt-get "${apt_private[@]}" update -q >/dev/null
mkdir -p "$work/src"
(cd "$work/src" && apt-get "${apt_private[@]}" source -q "kubernetes=$version" >/dev/null 2>"$work/source.log") ||
  unavailable "apt-get source kubernetes=$version failed: $(tail -n 1 "$work/source.log")"
tree=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n 1)
[ -n "$tree" ] || unavailable "the kubernetes source tree was not unpacked"

export GOPATH="$work/gopath" GOCACHE="$work/gocache" GO111MODULE=off CGO_ENABLED=0 GOFLAGS=
mkdir -p "$GOPATH/src/k8s.io"
ln -s "$tree" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"
make gen_openapi >"$work/openapi.log" 2>&1 || unavailable "make gen_openapi failed: $(tail -n 1 "$work/openapi.log")"
for module in github.com/modern-go/reflect2 github.com/json-iterator/go; do
  rm -rf "vendor/$module"
  cp -r "/usr/share/gocode/src/$module" "vendor/$module"
done
# The version the server reports at /version, as an upstream release build stamps it.
upstream=$(sed -n 's/.*really\([0-9.]*\).*/\1/p' <<<"$version")
v=k8s.io/kubernetes/vendor/k8s.io/component-base/version
ldflags="-s -w -X $v.gitVersion=v${upstream:-0.0.0} -X $v.gitMajor=${upstream%%.*} -X $v.gitMinor=$(cut -d. -f2 <<<"$upstream") -X $v.gitTreeState=clean"
go build -ldflags "$ldflags" -o "$work/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver >"$work/build.log" 2>&1 ||
  unavailable "go build failed: $(tail -n 3 "$work/build.log" | tr '\n' ' ')"
chmod 0755 "$work/kube-apiserver"
mv "$work/kube-apiserver" "$binary"
say "built in $(($(date +%s) - started)) s: $binary"
echo "$binary"
