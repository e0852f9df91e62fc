#!/usr/bin/env bash
# Builds, tests and packages the VS Code extension into editors/vscode/thermogen.vsix, when
# Node.js 20 or newer and npm are present (the test command calls it through this folder's
# pom.xml; without Node.js it says so and builds nothing). Packages come from the npm
# registry at the versions package-lock.json pins.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "thermogen: no Node.js and npm here, so the VS Code extension is not built (Debian: apt-get install nodejs npm)"
  exit 0
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "thermogen: the VS Code extension needs Node.js 20 or newer, not $(node --version); not built"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
npm run --silent compile
npm test
npm run --silent package
echo "thermogen: built $(pwd)/thermogen.vsix (install: code --install-extension $(pwd)/thermogen.vsix)"
