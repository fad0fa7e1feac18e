#!/usr/bin/env bash
# Spark GPU discovery script: prints the executor's GPUs as Spark's resource JSON, e.g.
#   {"name": "gpu", "addresses": ["0", "1"]}
# Used by spark.executor.resource.gpu.discoveryScript (see common.sh, GPUS_PER_EXECUTOR).
set -euo pipefail
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | paste -sd, - | sed 's/,/","/g')
echo "{\"name\": \"gpu\", \"addresses\": [\"${ids}\"]}"
