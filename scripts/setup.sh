#!/usr/bin/env bash
# Installs what `npm run demo` (setup.sh demo) or `npm test` (setup.sh test) needs on a Debian machine,
# only what is missing: system packages with apt-get (as root), then the npm packages; for tests also the real
# kube-apiserver of the cluster stage (scripts/kube-apiserver.sh).
# The VS Code server (code-server, which needs Node 24) is installed later by the runners into .cache/.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-test}"

packages=()
# code-server's native `kerberos` module builds against these headers.
dpkg -s libkrb5-dev >/dev/null 2>&1 || packages+=(libkrb5-dev)
# The UI and extension-host tests drive Debian's Chromium (no browser download works offline).
if [ "$purpose" = test ] && [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi

if [ ${#packages[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install ${packages[*]} with your package manager" >&2
  elif [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing ${packages[*]}: run 'sudo apt-get install -y ${packages[*]}' and try again" >&2
    exit 1
  else
    echo "setup: installing ${packages[*]} with apt-get"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null
  fi
fi

# The cluster stage's real kube-apiserver: built once per machine (about 10 CPU-minutes), then cached outside the
# clone. Where it cannot be built, its one line says why and the cluster suites run on the stand-in.
if [ "$purpose" = test ]; then bash scripts/kube-apiserver.sh >/dev/null || true; fi

# Install exactly the lock file when node_modules is missing or older than it. The OpenCode binary the tests
# run comes from its linux-x64 platform packages (optionalDependencies, skipped on other platforms), not
# from opencode-ai, whose other platform packages this registry lacks and the lock could not list.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
