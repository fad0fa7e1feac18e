#!/usr/bin/env bash
# Shared by the per-job spark-submit wrappers: builds the spark-submit command line for one DF-MVR job.
# Not run directly. Every setting can be overridden from the environment:
#   SPARK_SUBMIT      spark-submit to use (default: spark-submit on PATH)
#   DFMVR_MASTER      --master (default: yarn)           DFMVR_DEPLOY_MODE  client|cluster (default: cluster)
#   DFMVR_JAR         the application jar (default: deploy/target/dfmvr-app.jar)
#   EXECUTOR_MEMORY, EXECUTOR_CORES, NUM_EXECUTORS, EXECUTOR_MEMORY_OVERHEAD, DRIVER_MEMORY
#   GPUS_PER_EXECUTOR (0 = CPU)  GPU_DISCOVERY_SCRIPT (default: deploy/spark-submit/gpu-discovery.sh)
#   DRIVER_GPUS       GPUs for the driver (default 0; train.sh makes it 1 with GPU executors: its driver runs ND4J)
#   PS_PORT           parameter-server UDP port on every executor (train only; default 40123)
#   PS_NETWORK_MASK   the executors' network, CIDR (train only; default 10.0.0.0/8)
#   EXTRA_JARS        comma-separated jars for --jars (e.g. the CUDA redistributable of a -Pcuda build)
set -euo pipefail

# Job-specific Spark settings a wrapper adds before calling dfmvr_submit (key=value each).
SPARK_CONF_EXTRA=()
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

# The Java 17 options Spark and ND4J need (one list: the root pom's spark.opens property, generated at build time).
jvm_options() {
  local generated="$root/dfmvr-core/target/classes/dfmvr/jvm-options.txt"
  if [ -f "$generated" ]; then
    cat "$generated"
  else
    echo "dfmvr: $generated missing: build first (./mvnw -B -DskipTests package)" >&2
    return 1
  fi
}

# dfmvr_submit <main class> <job args...>
dfmvr_submit() {
  local main_class=$1; shift
  local jar=${DFMVR_JAR:-$root/deploy/target/dfmvr-app.jar}
  [ -f "$jar" ] || { echo "dfmvr: application jar $jar not found (./mvnw -B -DskipTests package)" >&2; return 1; }
  local opts
  opts="$(jvm_options) -Dlog4j2.configurationFile=log4j2-dfmvr.xml -Dorg.bytedeco.javacpp.maxbytes=${OFFHEAP:-6G}"
  local -a args=(
    --master "${DFMVR_MASTER:-yarn}"
    --deploy-mode "${DFMVR_DEPLOY_MODE:-cluster}"
    --class "$main_class"
    --driver-memory "${DRIVER_MEMORY:-4g}"
    --executor-memory "${EXECUTOR_MEMORY:-8g}"
    --executor-cores "${EXECUTOR_CORES:-4}"
    --num-executors "${NUM_EXECUTORS:-2}"
    --conf "spark.executor.memoryOverhead=${EXECUTOR_MEMORY_OVERHEAD:-8g}"
    --conf "spark.driver.extraJavaOptions=$opts"
    --conf "spark.executor.extraJavaOptions=$opts"
    --conf "spark.serializer=org.apache.spark.serializer.KryoSerializer"
    --conf "spark.kryo.registrator=org.dfmvr.spark.DfmvrKryoRegistrator"
  )
  if [ "${GPUS_PER_EXECUTOR:-0}" -gt 0 ]; then
    args+=(
      --conf "spark.executor.resource.gpu.amount=$GPUS_PER_EXECUTOR"
      --conf "spark.task.resource.gpu.amount=$(awk "BEGIN {print $GPUS_PER_EXECUTOR / ${EXECUTOR_CORES:-4}}")"
      --conf "spark.executor.resource.gpu.discoveryScript=./$(basename "${GPU_DISCOVERY_SCRIPT:-gpu-discovery.sh}")"
      --files "${GPU_DISCOVERY_SCRIPT:-$here/gpu-discovery.sh}"
    )
  fi
  if [ "${DRIVER_GPUS:-0}" -gt 0 ]; then
    # cluster mode: the driver starts in a container beside the --files copy; client mode: here
    local driver_script=${GPU_DISCOVERY_SCRIPT:-$here/gpu-discovery.sh}
    [ "${DFMVR_DEPLOY_MODE:-cluster}" = cluster ] && driver_script=./$(basename "$driver_script")
    args+=(
      --conf "spark.driver.resource.gpu.amount=$DRIVER_GPUS"
      --conf "spark.driver.resource.gpu.discoveryScript=$driver_script"
    )
  fi
  local setting
  for setting in "${SPARK_CONF_EXTRA[@]}"; do
    args+=(--conf "$setting")
  done
  if [ -n "${EXTRA_JARS:-}" ]; then
    args+=(--jars "$EXTRA_JARS")
  fi
  "${SPARK_SUBMIT:-spark-submit}" "${args[@]}" "$jar" "$@"
}
