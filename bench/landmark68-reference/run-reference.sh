#!/usr/bin/env bash
# Runs the original face-api 68-point landmark network under Node on the agreement test's crops and writes its
# outputs, the reference Landmark68ReferenceAgreementTest holds the Java port to.
#
# usage: bench/landmark68-reference/run-reference.sh [crops folder] [output json]
#   defaults: the committed test crops (dfmvr-core/src/test/resources/landmarks68) and their reference.json
# Needs node >= 14 and npm with access to the npm registry. Installs pinned packages into a scratch folder outside
# the repository (DFMVR_NPM_SCRATCH, default $TMPDIR/dfmvr-landmark68-reference); nothing is installed at build time.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
crops=${1:-$root/dfmvr-core/src/test/resources/landmarks68}
out=${2:-$crops/reference.json}
scratch=${DFMVR_NPM_SCRATCH:-${TMPDIR:-/tmp}/dfmvr-landmark68-reference}

command -v node >/dev/null || { echo "run-reference.sh: node is not on the PATH (needs Node.js >= 14)" >&2; exit 2; }
command -v npm >/dev/null || { echo "run-reference.sh: npm is not on the PATH" >&2; exit 2; }
[ -f "$crops/crops.json" ] || { echo "run-reference.sh: $crops/crops.json not found" >&2; exit 2; }

mkdir -p "$scratch"
if [ ! -f "$scratch/node_modules/@vladmandic/face-api/package.json" ]; then
  (cd "$scratch" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --ignore-scripts \
         @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 pngjs@7.0.0)
fi
NODE_PATH="$scratch/node_modules" node "$here/run-reference.js" "$crops" "$out" "$root/models/face-landmark-68"
