#!/usr/bin/env bash
# spark-submit wrapper for the train job (org.dfmvr.train.TrainJob). Arguments are the job's own options, e.g.
#   deploy/spark-submit/train.sh --data hdfs:///datasets/multipie/shards --out hdfs:///models/dfmvr/run-001 --preset paper
# Cluster settings come from the environment (see common.sh); `bin/dfmvr train --help` lists the options.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# The parameter server: every executor listens on PS_PORT (UDP, Aeron) on the network PS_NETWORK_MASK; the driver is
# the controller. DL4J 1.0.0-M2 ignores the port in its config, so executors take it from DL4J_PS_PORT.
SPARK_CONF_EXTRA+=("spark.executorEnv.DL4J_PS_PORT=${PS_PORT:-40123}")
# With a CUDA jar every JVM that runs ND4J needs a GPU, and the train driver holds the model (batch-norm
# recalibration, validation, checkpoints).
[ "${GPUS_PER_EXECUTOR:-0}" -gt 0 ] && DRIVER_GPUS=${DRIVER_GPUS:-1}
dfmvr_submit org.dfmvr.train.TrainJob -Ddfmvr.parameter-server.port="${PS_PORT:-40123}" \
  -Ddfmvr.parameter-server.network-mask="\"${PS_NETWORK_MASK:-10.0.0.0/8}\"" "$@"
