/**
 * The eval Spark job: pairs predicted meshes (infer's output) with ground-truth scans, evaluates each pair with a
 * per-sample protocol of {@link org.dfmvr.eval.protocol} on the executors, aggregates on the driver, and writes a
 * stamped report (per-sample Parquet, summary.json, self-contained report.html with error-map renders) atomically
 * to any Hadoop URI. {@link org.dfmvr.eval.EvalJob} is the thin picocli/spark-submit entry;
 * {@link org.dfmvr.eval.EvalRunner} the unit-tested run. docs/eval.md documents the inputs and the outputs.
 */
package org.dfmvr.eval;
