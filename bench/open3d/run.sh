#!/usr/bin/env bash
# Peer check of our point-to-plane ICP against Open3D (Debian: apt-get install -y python3-open3d).
# usage: bench/open3d/run.sh [output folder, default bench/out/open3d]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
out=${1:-bench/out/open3d}
mkdir -p "$out"
mvn -B -q -o -Pbench -pl bench -am -DskipTests package >/dev/null
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
/usr/bin/python3 bench/open3d/peer_check.py --out "$out" \
  --java "java -Xmx2g -cp $cp org.dfmvr.bench.eval.IcpPeerHarness"
