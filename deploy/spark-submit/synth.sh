#!/usr/bin/env bash
# spark-submit wrapper for the synth job (org.dfmvr.ingest.SynthJob). Arguments are the job's own options, e.g.
#   deploy/spark-submit/synth.sh --output hdfs:///datasets/faces/synthetic/raw --subjects 1000 --expressions 4
# Cluster settings come from the environment (see common.sh); `bin/dfmvr synth --help` lists the options.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dfmvr_submit org.dfmvr.ingest.SynthJob "$@"
