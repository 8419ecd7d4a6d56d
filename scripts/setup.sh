#!/usr/bin/env bash
# Installs what `npm run demo` (setup.sh demo) or `npm test` (setup.sh test) needs on a Debian machine,
# only what is missing: with apt-get (as root) g++, make and python3, and for tests Chromium; for tests the real
# kube-apiserver of the cluster stage (scripts/kube-apiserver.sh); the npm packages (npm ci) and, beside them, the VS Code server with the Node 24 it
# needs into .cache/ (scripts/installToolchain.mjs). For the demo that install goes on in the background while the
# demo creates its sample sessions (the demo waits for it); for tests, setup waits for it.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-test}"

packages=()
# node-gyp builds the VS Code server's two native modules (scripts/toolchain.mjs) with these.
for tool in g++ make python3; do command -v "$tool" >/dev/null 2>&1 || packages+=("$tool"); done
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

# Started after the compilers it builds with, before the rest: it needs only this Node and npm, and downloads and
# builds while the rest installs. Nothing when it is there already.
toolchain=
if ! node --input-type=module -e "import { toolchainInstalled } from './scripts/toolchain.mjs'; process.exit(toolchainInstalled('.') ? 0 : 1)"; then
  node scripts/installToolchain.mjs &
  toolchain=$!
  # A setup that fails (npm ci, say) leaves no install running behind it.
  trap 'kill "$toolchain" 2>/dev/null || true' ERR
fi

# The cluster stage's real kube-apiserver: built once per machine (about 10 CPU-minutes), then cached outside the
# clone. Where it cannot be built, its one line says why and the cluster suites run on the stand-in.
if [ "$purpose" = test ]; then bash scripts/kube-apiserver.sh >/dev/null || true; fi

# Install exactly the lock file when node_modules is missing or older than it. The OpenCode binary the tests
# run comes from its linux-x64 platform packages (optionalDependencies, skipped on other platforms), not
# from opencode-ai, whose other platform packages this registry lacks and the lock could not list.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci, usually 30–70 s)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Tests wait here for the toolchain (and fail here if it failed); the demo waits for it when it starts VS Code.
if [ -n "$toolchain" ] && [ "$purpose" = test ]; then wait "$toolchain"; fi
