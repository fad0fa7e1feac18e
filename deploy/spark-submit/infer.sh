#!/usr/bin/env bash
# spark-submit wrapper for the infer job (org.dfmvr.infer.InferJob). Arguments are the job's own options, e.g.
#   deploy/spark-submit/infer.sh --model hdfs:///models/dfmvr/run-001/bundle --input hdfs:///archive/photos --out hdfs:///archive/meshes
# Cluster settings come from the environment (see common.sh); `bin/dfmvr infer --help` lists the options.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dfmvr_submit org.dfmvr.infer.InferJob "$@"
