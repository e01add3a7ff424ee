#!/usr/bin/env bash
# Installs what tomgraph needs from the operating system, only where it is missing:
# Chromium (browser tests), a Java runtime (HermiT reasoning), Node.js and npm (web assets),
# LibreOffice Calc and poppler (spreadsheet tests: a workbook saved by a foreign program),
# and Virtuoso (the second remote triplestore of the contract tests).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource-7-bin)  # a second remote store in tests

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tomgraph set-up: please install: ${need[*]}" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
