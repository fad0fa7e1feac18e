#!/usr/bin/env bash
# Spark GPU discovery script: prints the executor's GPUs as Spark's resource JSON, e.g.
#   {"name": "gpu", "addresses": ["0", "1"]}
# Used by spark.executor.resource.gpu.discoveryScript (see common.sh, GPUS_PER_EXECUTOR). A node without GPUs gets an
# empty address list (Spark then refuses the executor with its own message: fewer GPUs than requested); a node whose
# nvidia-smi is missing or fails makes this script fail with the reason on stderr, which Spark puts in its error.
set -euo pipefail
command -v nvidia-smi >/dev/null || { echo "gpu-discovery: nvidia-smi not found on $(hostname) (NVIDIA driver missing?)" >&2; exit 1; }
if ! listing=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1); then
  echo "gpu-discovery: nvidia-smi failed on $(hostname): $listing" >&2
  exit 1
fi
addresses=""
for index in $listing; do
  addresses="${addresses:+$addresses, }\"$index\""
done
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
