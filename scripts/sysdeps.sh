#!/usr/bin/env bash
# Installs the Debian packages nbgraph needs (graphviz for `dot`; chromium for browser tests)
# when they are missing and we are root; otherwise says exactly what to install.
set -euo pipefail
want=()
command -v dot >/dev/null 2>&1 || want+=(graphviz)
if [ "${NBGRAPH_BROWSER:-0}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || want+=(chromium fonts-liberation)
  fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || want+=(fonts-wqy-zenhei)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "nbgraph: installing system packages: ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
else
  echo "nbgraph: missing system packages: ${want[*]}" >&2
  echo "  install them with: sudo apt-get install -y ${want[*]}" >&2
  exit 1
fi
