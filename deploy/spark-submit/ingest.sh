#!/usr/bin/env bash
# spark-submit wrapper for the ingest job (org.dfmvr.ingest.IngestJob). Arguments are the job's own options, e.g.
#   deploy/spark-submit/ingest.sh --source multipie --input hdfs:///datasets/multipie/raw --output hdfs:///datasets/multipie/shards
# Cluster settings come from the environment (see common.sh); `bin/dfmvr ingest --help` lists the options.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dfmvr_submit org.dfmvr.ingest.IngestJob "$@"
