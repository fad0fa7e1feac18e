#!/usr/bin/env bash
# Example: the whole pipeline on a YARN cluster with HDFS paths (a Hadoop client configured on this machine).
# Adjust the paths and sizes; each step is one deploy/spark-submit wrapper.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DFMVR_MASTER=yarn DFMVR_DEPLOY_MODE=cluster
export NUM_EXECUTORS=${NUM_EXECUTORS:-4} EXECUTOR_CORES=${EXECUTOR_CORES:-4} EXECUTOR_MEMORY=${EXECUTOR_MEMORY:-8g}

"$here/spark-submit/ingest.sh" --source multipie --input hdfs:///datasets/multipie/raw \
  --output hdfs:///datasets/multipie/shards
# GPU executors for training (YARN 3 with GPU scheduling); the CUDA redistributable of a -Pcuda build goes with --jars
GPUS_PER_EXECUTOR=1 EXTRA_JARS="$(find "$here/target/gpu-libs" -name "*.jar" 2>/dev/null | paste -sd, -)" \
  "$here/spark-submit/train.sh" --data hdfs:///datasets/multipie/shards --out hdfs:///models/dfmvr/run-001 --preset paper
"$here/spark-submit/eval.sh" --pred hdfs:///models/dfmvr/run-001/val-predictions \
  --gt hdfs:///datasets/multipie/shards --out hdfs:///reports/dfmvr/run-001
