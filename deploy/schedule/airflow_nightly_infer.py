"""Airflow DAG: nightly DF-MVR reconstruction over the photo archive (SparkSubmitOperator).

The Java 17 options come from the build (dfmvr-core/target/classes/dfmvr/jvm-options.txt, installed next to the jar).
"""
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DFMVR = Path("/opt/dfmvr")
JVM_OPTIONS = (DFMVR / "jvm-options.txt").read_text().strip() if (DFMVR / "jvm-options.txt").exists() else ""

with DAG(
    dag_id="dfmvr_nightly_infer",
    start_date=datetime(2026, 1, 1),
    schedule="30 1 * * *",
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=15)},
) as dag:
    SparkSubmitOperator(
        task_id="infer",
        conn_id="spark_default",
        application=str(DFMVR / "dfmvr-app.jar"),
        java_class="org.dfmvr.infer.InferJob",
        application_args=[
            "--model", "hdfs:///models/dfmvr/current/bundle",
            "--input", "hdfs:///archive/photos",
            "--out", "hdfs:///archive/meshes",
        ],
        executor_cores=4,
        executor_memory="8g",
        num_executors=4,
        conf={
            "spark.driver.extraJavaOptions": JVM_OPTIONS,
            "spark.executor.extraJavaOptions": JVM_OPTIONS,
            "spark.executor.memoryOverhead": "8g",
            "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
            "spark.kryo.registrator": "org.dfmvr.spark.DfmvrKryoRegistrator",
        },
    )
