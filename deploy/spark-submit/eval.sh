#!/usr/bin/env bash
# spark-submit wrapper for the eval job (org.dfmvr.eval.EvalJob). Arguments are the job's own options, e.g.
#   deploy/spark-submit/eval.sh --pred hdfs:///archive/meshes --gt hdfs:///datasets/multipie/shards --out hdfs:///reports/dfmvr/run-001
# Cluster settings come from the environment (see common.sh); `bin/dfmvr eval --help` lists the options.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dfmvr_submit org.dfmvr.eval.EvalJob "$@"
