/**
 * Training backends of the train job: one small interface ({@link org.dfmvr.train.backend.TrainingBackend}) that
 * fits a DL4J {@code ComputationGraph} on a {@code JavaRDD<MultiDataSet>} for one epoch and returns the model as the
 * driver sees it, with per-executor statistics. Implementations: DL4J's parameter server (gradient sharing over Aeron,
 * with an epoch-end parameter resynchronisation that fixes the lagging driver copy, see docs/distributed-training.md)
 * and parameter averaging over Spark's own messaging (the fallback). Settings come in as a validated record; nothing
 * here reads configuration.
 */
package org.dfmvr.train.backend;
