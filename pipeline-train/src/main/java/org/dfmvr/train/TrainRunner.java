package org.dfmvr.train;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.config.ConfigError;
import org.dfmvr.doctor.AeronFolders;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.loss.LabelLayout;
import org.dfmvr.loss.LossBreakdown;
import org.dfmvr.loss.WeakSupervisionLoss;
import org.dfmvr.nn.BatchNormRecalibration;
import org.dfmvr.nn.ViewTensors;
import org.dfmvr.progress.JobSummary;
import org.dfmvr.progress.QuarantineReasons;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.train.backend.BackendSettings;
import org.dfmvr.train.backend.ClusterPreflight;
import org.dfmvr.train.backend.EpochFailedException;
import org.dfmvr.train.backend.EpochResult;
import org.dfmvr.train.backend.EpochStats;
import org.dfmvr.train.backend.JvmMemory;
import org.dfmvr.train.backend.ParameterAveragingBackend;
import org.dfmvr.train.backend.ParameterServerBackend;
import org.dfmvr.train.backend.TrainingBackend;
import org.dfmvr.train.sample.SampleTransform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The train job: ingest shards (decoded into network inputs and labels ON THE EXECUTORS) -> the graph of the
 * {@link TrainTarget} that {@code dfmvr.train.model} selects (the DF-MVR graph with the weak-supervision loss, or the
 * BiSeNet parse net) -> one {@link TrainingBackend} epoch at a time, validation scores (and the target's metrics)
 * per epoch, metrics and checkpoints on any Hadoop filesystem, and the target's artifact at the end (the model bundle
 * {@code <out>/bundle} that infer loads, or the parse bundle {@code <out>/parse-bundle} the mask loss loads).
 * {@code resume} continues from the newest checkpoint (parameters, Adam state, epoch and step).
 */
public final class TrainRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TrainRunner.class);
    static final String PREFLIGHT = "preflight.json";

    private TrainRunner() {
    }

    /** @return the final state (epochs done, steps, best validation score) */
    public static TrainState run(SparkSession spark, TrainSettings s, String configHocon) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        TrainTarget target = s.model().equals(TrainSettings.PARSE) ? new ParseTarget(s) : new DfmvrTarget(s);
        requireCropSize(spark, s.data() + "/v1", target, s.model().equals(TrainSettings.PARSE)
                ? "dfmvr.train.parse.preset" : "dfmvr.train.preset");

        org.apache.hadoop.conf.Configuration hadoop = sc.hadoopConfiguration();
        new TrainOutput(s.out(), hadoop).claim(s.resume(), s.overwrite());
        CheckpointStore store = new CheckpointStore(s.out() + "/" + TrainOutput.CHECKPOINTS, s.checkpointsKept(),
                hadoop);
        ComputationGraph graph;
        TrainState state;
        String runId;
        var latest = s.resume() ? store.latest() : java.util.Optional.<CheckpointStore.Checkpoint>empty();
        if (latest.isPresent()) {
            state = latest.get().state();
            requireResumable(state, configHocon, s.out());
            graph = store.load(latest.get());
            continueSchedule(graph, target.schedule(s.epochs()));
            if (state.iteration() > 0) {
                graph.getConfiguration().setIterationCount((int) state.iteration());
            }
            graph.getConfiguration().setEpochCount(state.epoch());
            runId = state.runId() != null ? state.runId() : UUID.randomUUID().toString();
            LOG.info("train: resuming run {} from {} (epoch {}, step {}, optimiser iteration {})", runId,
                    latest.get().uri(), state.epoch(), state.step(), graph.getConfiguration().getIterationCount());
        } else {
            graph = target.newGraph(s.epochs());
            runId = UUID.randomUUID().toString();
            state = new TrainState(0, 0, configHocon, s.faceModel(), Double.NaN, runId, 0);
            LOG.info("train: new run {} into {}{}", runId, s.out(), s.resume() ? " (--resume: no checkpoint there)"
                    : "");
        }
        MetricsLog metrics = new MetricsLog(s.out(), hadoop, runId);
        if (latest.isPresent()) {
            metrics.load();
            metrics.retainEpochsBefore(state.epoch()); // rows of epochs after the checkpoint are trained again
        }

        String shards = s.data() + "/v1";
        int batch = s.batchPerWorker();
        // not persisted here: DL4J's training masters set their own storage level on the RDD they are given
        SampleTransform transform = s.sampleTransform();
        boolean startHeld = s.loss().maskHeld(state.epoch(), s.epochs());
        JavaRDD<MultiDataSet> train = target.batches(spark, shards, "train", batch, SampleTransform.none(),
                state.epoch(), startHeld);
        // validation and probe: untransformed, scored with every configured term (the mask term too), so their
        // curves stay comparable across the epoch where the mask term starts
        List<MultiDataSet> validation = target.batches(spark, shards, "val", batch, SampleTransform.none(), 0, false)
                .collect();
        int recalibrationBatches = s.batchNormRecalibrationBatches();
        List<MultiDataSet> firstTrain = target.batches(spark, shards, "train", batch, SampleTransform.none(), 0,
                false).take(Math.max(2, recalibrationBatches));
        // the same training batches scored after every epoch
        List<MultiDataSet> trainProbe = firstTrain.subList(0, Math.min(2, firstTrain.size()));
        // the running statistics inference normalises with are recomputed from these after every epoch
        // (BatchNormRecalibration says why: the parameter server caps their updates at the threshold per step)
        List<MultiDataSet> recalibration = firstTrain.subList(0, Math.min(recalibrationBatches, firstTrain.size()));
        long batchesPerEpoch = train.count();
        if (batchesPerEpoch == 0) {
            throw new IllegalArgumentException("no training rows in " + shards + " (split=train): ingest some data "
                    + "first (dfmvr.train.data / --data)");
        }
        LOG.info("train: preset {}, {} batches of {} per epoch, {} validation batches, backend {}, {}, mask term from "
                        + "epoch {}", target.preset(), batchesPerEpoch, batch, validation.size(), s.backend(), transform,
                s.loss().weights().mask() > 0 ? s.loss().maskStartEpoch(s.epochs()) : "never");
        if (s.backend().equals("parameter-server")) {
            ConstantThenCosineSchedule schedule = target.schedule(s.epochs());
            List<Integer> stuck = new ArrayList<>();
            double lowest = Double.MAX_VALUE;
            for (int e = state.epoch(); e < s.epochs(); e++) {
                if (schedule.rateAt(e) * batchesPerEpoch < s.updatesThreshold()) {
                    stuck.add(e + 1);
                    lowest = Math.min(lowest, schedule.rateAt(e));
                }
            }
            if (!stuck.isEmpty()) {
                LOG.warn("train: epochs {} of {} will probably change no weight{}", stuck, s.epochs(),
                        frozenHint(lowest, batchesPerEpoch, s.updatesThreshold()));
            }
        }
        BackendSettings backendSettings = new BackendSettings(batch, 1, s.updatesThreshold(), false,
                s.averagingFrequency(), s.seed(), s.networkMask(), s.controllerAddress(), s.controllerPort(),
                "DL4J_PS_PORT", true);
        if (s.guards().preflight()) {
            preflight(sc, backendSettings, s, metrics);
        }
        List<TrainingGuard> guards = List.of(new TrainingGuard(s.guards().learningCheckSteps()));
        try (TrainingBackend backend = s.backend().equals("parameter-server")
                ? new ParameterServerBackend(sc, graph, backendSettings, guards)
                : new ParameterAveragingBackend(sc, graph, backendSettings, guards);
             StepWatchdog watchdog = new StepWatchdog(sc, s.guards().stepTimeout(), stallHint(s))) {
            for (int epoch = state.epoch(); epoch < s.epochs(); epoch++) {
                EpochClock.set(epoch);
                double lr = learningRate(graph);
                long t0 = System.nanoTime();
                boolean held = s.loss().maskHeld(epoch, s.epochs());
                JavaRDD<MultiDataSet> epochTrain = transform.isIdentity() && held == startHeld ? train
                        : target.batches(spark, shards, "train", batch, transform, epoch, held);
                INDArray before = graph.params().dup();
                EpochResult result;
                try {
                    JavaRDD<MultiDataSet> stamped = EpochClock.stamp(epochTrain, epoch);
                    result = watchdog.run(() -> backend.fitEpoch(stamped));
                } catch (EpochFailedException e) {
                    throw TrainingGuard.find(e).<RuntimeException>map(g -> g).orElse(e);
                }
                if (epochTrain != train) {
                    epochTrain.unpersist(false);
                }
                graph = result.model();
                double change = graph.params().distance2(before); // before the batch-norm statistics are recomputed
                if (change == 0) {
                    LOG.warn("train: epoch {}/{} changed no weight{}", epoch + 1, s.epochs(),
                            s.backend().equals("parameter-server") ? frozenHint(lr, batchesPerEpoch,
                                    s.updatesThreshold()) : "");
                }
                if (s.backend().equals("parameter-server")) {
                    AeronFolders.deleteOwnAtExit(); // the driver's node: its /dev/shm/aeron-* folder goes at exit
                }
                BatchNormRecalibration.recalibrate(graph, recalibration);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> row = new LinkedHashMap<>();
                target.putScores(row, "loss_train", graph, trainProbe);
                double val = validation.isEmpty() ? Double.NaN : target.putScores(row, "loss_val", graph, validation);
                if (validation.isEmpty()) {
                    row.put("loss_val", val);
                }
                row.putAll(target.validationMetrics(graph, validation));
                long step = state.step() + batchesPerEpoch;
                row.put("mask_on", held || s.loss().weights().mask() == 0 ? 0.0 : 1.0);
                row.put("lr", lr);
                row.put("param_change", change);
                row.put("samples_per_s", batchesPerEpoch * batch / seconds);
                row.put("heap_used_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6);
                executorColumns(result.stats(), seconds, row);
                metrics.step(epoch, step, row);
                if (!Double.isFinite(val) && !validation.isEmpty()) {
                    metrics.flush();
                    throw new IllegalStateException("validation loss is " + val + " after epoch " + epoch
                            + ": training diverged (see " + s.out() + "/" + MetricsLog.FILE + ")");
                }
                double best = Double.isNaN(state.bestValidation()) ? val : Math.min(state.bestValidation(), val);
                state = new TrainState(epoch + 1, step, configHocon, s.faceModel(), best, runId,
                        graph.getConfiguration().getIterationCount());
                LOG.info("train: epoch {}/{} done in {} s, validation loss {}, {} samples/s", epoch + 1, s.epochs(),
                        String.format("%.1f", seconds), String.format("%.5f", val),
                        String.format("%.2f", batchesPerEpoch * batch / seconds));
                if ((epoch + 1) % s.checkpointEvery() == 0 || epoch + 1 == s.epochs()) {
                    store.save(graph, state);
                }
                metrics.flush();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the training backend failed: " + e.getMessage(), e);
        } finally {
            EpochClock.clear(); // the driver JVM (and a local-mode executor) may build other graphs after this run
        }
        FileSystem fs = new Path(s.out()).getFileSystem(sc.hadoopConfiguration());
        LOG.info("train: {}", target.writeArtifact(fs, new Path(s.out()), graph, validation));
        return state;
    }

    /**
     * Fails before any work when the shards' crops are not the size the preset's network takes (a column read of the
     * view sizes; no image is decoded), naming both sizes and the two ways out. Missing shards are left to the
     * readers, whose message names the folder.
     */
    static void requireCropSize(SparkSession spark, String shards, TrainTarget target, String presetKey)
            throws IOException {
        Path p = new Path(shards);
        if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
            return;
        }
        List<Integer> sizes = spark.read().parquet(shards).selectExpr("explode(views.size) AS size").distinct()
                .limit(4).as(org.apache.spark.sql.Encoders.INT()).collectAsList();
        List<Integer> other = sizes.stream().filter(v -> v != target.imageSize()).sorted().toList();
        if (!other.isEmpty()) {
            throw new org.dfmvr.config.ConfigError(presetKey, "preset " + target.preset() + " takes "
                    + target.imageSize() + " px crops but the shards " + shards + " hold " + other + " px crops: "
                    + "ingest with -Ddfmvr.ingest.image-size=" + target.imageSize() + ", or pick a preset of "
                    + other.get(0) + " px (" + presetKey + " / --preset; docs/model.md lists them)");
        }
    }

    /**
     * Why a parameter-server epoch can leave every weight unchanged: the threshold encoding applies only updates whose
     * sum over the epoch reaches the threshold (DL4J drops the unsent rest at each epoch end), and an Adam step is at
     * most about the learning rate.
     */
    static String frozenHint(double lr, long steps, double threshold) {
        return String.format(java.util.Locale.ROOT, ": on the parameter server a weight moves only when its updates "
                + "within one epoch add up to dfmvr.train.updates-threshold (%.3g), and at learning rate %.3g x %d "
                + "steps per epoch (%.3g) they cannot. Lower dfmvr.train.updates-threshold, raise dfmvr.train.lr.floor,"
                + " train more steps per epoch, or use dfmvr.train.backend = parameter-averaging", threshold, lr, steps,
                lr * steps);
    }

    /**
     * Refuses to resume a run whose stored configuration differs from {@code configHocon} in a key that changes what
     * the remaining epochs compute ({@link ResumeCompatibility}); logs every accepted difference.
     */
    static void requireResumable(TrainState stored, String configHocon, String out) {
        if (stored.configHocon() == null || stored.configHocon().isBlank() || configHocon.isBlank()) {
            LOG.warn("train: resume of {}: no stored configuration to compare with (checkpoint of an embedded run)",
                    out);
            return;
        }
        List<ResumeCompatibility.Difference> diffs = ResumeCompatibility.compare(stored.configHocon(), configHocon);
        diffs.stream().filter(ResumeCompatibility.Difference::allowed).forEach(d -> LOG.info("train: resume with {}",
                d.format()));
        List<ResumeCompatibility.Difference> refused = diffs.stream().filter(d -> !d.allowed()).toList();
        if (!refused.isEmpty()) {
            throw new ConfigError("dfmvr." + refused.get(0).key(), "cannot resume the run in " + out
                    + ": its configuration differs in keys that change what the remaining epochs compute (run's -> "
                    + "now):\n  " + String.join("\n  ", refused.stream().map(ResumeCompatibility.Difference::format)
                    .toList()) + "\nResume with the run's values, or start a new run (--overwrite or another --out).");
        }
    }

    /**
     * The closing summary of a finished run: the shard rows per split it read, the epochs and best validation loss,
     * and where the bundle, checkpoints and metrics are. Training has no per-record quarantine (ingest did that).
     */
    public static JobSummary summary(SparkSession spark, TrainSettings s, TrainState state) {
        Map<String, Long> perSplit = new TreeMap<>();
        for (Row r : spark.read().parquet(s.data() + "/v1").groupBy("split").count().collectAsList()) {
            perSplit.put(String.valueOf(r.get(0)), r.getLong(1));
        }
        long rows = perSplit.values().stream().mapToLong(Long::longValue).sum();
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("bundle", s.out() + "/bundle");
        outputs.put("checkpoints", s.out() + "/checkpoints");
        outputs.put("metrics", s.out() + "/" + MetricsLog.FILE);
        return new JobSummary("train", "shard rows", rows, rows, 0, new QuarantineReasons(), outputs,
                List.of("rows per split: " + perSplit, "epochs done: " + state.epoch() + ", best validation loss: "
                        + (Double.isFinite(state.bestValidation())
                        ? String.format(java.util.Locale.ROOT, "%.5f", state.bestValidation()) : "n/a")));
    }

    /**
     * A resume with a different number of epochs follows the schedule of the new length from the checkpoint's epoch
     * on (the constant phase and the cosine stretch to the new end) instead of the run's original one, which past its
     * end would hold the floor, a rate the parameter server's threshold swallows. Same length: unchanged.
     */
    static void continueSchedule(ComputationGraph graph, ConstantThenCosineSchedule schedule) {
        for (var vertex : graph.getConfiguration().getVertices().values()) {
            if (vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer layer
                    && layer.getIUpdater() instanceof Adam adam
                    && adam.getLearningRateSchedule() instanceof ConstantThenCosineSchedule old
                    && !old.equals(schedule)) {
                adam.setLearningRateSchedule(schedule);
            }
        }
    }

    /**
     * Per executor (Spark executor id {@code <id>}, {@code driver} in local mode): {@code exec_<id>_samples_per_s}
     * and its memory at the epoch end in MB, {@code exec_<id>_heap_used_mb}, {@code _heap_max_mb},
     * {@code _offheap_mb} and {@code _offheap_max_mb} (JavaCPP's count and limit), {@code _rss_mb} (the process) and,
     * on the CUDA backend, {@code _gpu_used_mb} and {@code _gpu_total_mb}.
     */
    static void executorColumns(EpochStats stats, double seconds, Map<String, Double> row) {
        new TreeMap<>(stats.perExecutor()).forEach((id, e) -> {
            String p = "exec_" + id + "_";
            JvmMemory m = e.memory();
            row.put(p + "samples_per_s", e.samples() / seconds);
            row.put(p + "heap_used_mb", m.heapUsed() / 1e6);
            row.put(p + "heap_max_mb", m.heapMax() / 1e6);
            row.put(p + "offheap_mb", m.offHeapUsed() / 1e6);
            row.put(p + "offheap_max_mb", m.offHeapMax() / 1e6);
            row.put(p + "rss_mb", m.resident() / 1e6);
            if (m.gpuTotal() >= 0) {
                row.put(p + "gpu_used_mb", m.gpuUsed() / 1e6);
                row.put(p + "gpu_total_mb", m.gpuTotal() / 1e6);
            }
        });
    }

    /** Checks the driver and every executor, writes {@code <out>/preflight.json}, fails on any FAIL with its fix. */
    private static void preflight(JavaSparkContext sc, BackendSettings backend, TrainSettings s, MetricsLog metrics)
            throws IOException {
        ClusterPreflight.Report report = ClusterPreflight.run(sc, backend, s.backend().equals("parameter-server"));
        metrics.writeJson(PREFLIGHT, report);
        report.driver().forEach(c -> LOG.info("preflight driver: {}", c.format()));
        report.executors().forEach((id, checks) -> checks.forEach(c -> LOG.info("preflight executor {}: {}", id,
                c.format())));
        if (!report.failures().isEmpty()) {
            throw new IllegalStateException("preflight failed before training (all checks in " + s.out() + "/"
                    + PREFLIGHT + "; dfmvr.train.preflight = false skips them):\n  "
                    + String.join("\n  ", report.failures()));
        }
    }

    /** What to check when no training step completes, for the watchdog's message. */
    static String stallHint(TrainSettings s) {
        if (s.backend().equals("parameter-server")) {
            return "Parameter-server mesh not formed? Check that UDP port " + s.controllerPort() + " on "
                    + s.controllerAddress() + " (dfmvr.parameter-server.*) and each executor's DL4J_PS_PORT are "
                    + "reachable between driver and executors, that " + s.networkMask() + " matches an interface of "
                    + "every host, that /dev/shm has room for Aeron (" + s.out() + "/" + PREFLIGHT + "), then the "
                    + "executors' logs and a thread dump (jstack) of a stuck executor.";
        }
        return "Executors starved or stuck? Check that executors are registered and have free cores (Spark UI, "
                + "spark.cores.max), then the executors' logs and a thread dump (jstack) of a stuck executor.";
    }

    /**
     * The learning rate the graph's updater applies in its current epoch (the schedule is part of the graph's
     * configuration, so after a resume this is the checkpoint's schedule).
     */
    static double learningRate(ComputationGraph graph) {
        for (var layer : graph.getLayers()) {
            Double lr = graph.getLearningRate(layer.conf().getLayer().getLayerName());
            if (lr != null) {
                return lr;
            }
        }
        throw new IllegalStateException("the graph has no layer with a learning rate (no trainable layer?)");
    }

    /**
     * Scores {@code batches} and puts the mean total as {@code prefix} and each unweighted term as
     * {@code prefix_<term>} (photo, lm2d, lm3d, para, gamma, reflect, mask) into {@code row}.
     *
     * @return the mean total
     */
    static double putScores(Map<String, Double> row, String prefix, ComputationGraph graph,
                                    List<MultiDataSet> batches) {
        WeakSupervisionLoss loss = (WeakSupervisionLoss) ((BaseOutputLayer) graph.getOutputLayer(0).conf()
                .getLayer()).getLossFn();
        double sum = 0;
        LossBreakdown terms = LossBreakdown.zero();
        for (MultiDataSet b : batches) {
            sum += graph.score(b);
            terms = terms.plus(loss.lastBreakdown());
        }
        int n = batches.size();
        row.put(prefix, sum / n);
        row.put(prefix + "_photo", terms.photo() / n);
        row.put(prefix + "_lm2d", terms.landmarks2d() / n);
        row.put(prefix + "_lm3d", terms.landmarks3d() / n);
        row.put(prefix + "_para", terms.coefficientPrior() / n);
        row.put(prefix + "_gamma", terms.gammaPrior() / n);
        row.put(prefix + "_reflect", terms.reflectance() / n);
        row.put(prefix + "_mask", terms.mask() / n);
        return sum / n;
    }

    /**
     * Shard rows of one split as minibatches, decoded on the executors; each sample first goes through
     * {@code transform} for {@code epoch}, and {@code maskHeld} sets every example's mask hold flag.
     */
    static JavaRDD<MultiDataSet> batches(SparkSession spark, String shards, String split, int size, int batch,
                                         LabelLayout labels, double mmToUnit, SampleTransform transform, int epoch,
                                         boolean maskHeld) {
        return spark.read().parquet(shards).where("split = '" + split + "'").javaRDD().mapPartitions(rows -> {
            List<MultiDataSet> out = new ArrayList<>();
            List<MultiViewSample> pending = new ArrayList<>();
            while (rows.hasNext()) {
                pending.add(transform.apply(SampleRows.fromRow(rows.next()), epoch));
                if (pending.size() == batch || !rows.hasNext()) {
                    out.add(toMultiDataSet(pending, size, labels, mmToUnit, maskHeld));
                    pending = new ArrayList<>();
                }
            }
            return out.iterator();
        });
    }

    static MultiDataSet toMultiDataSet(List<MultiViewSample> samples, int size, LabelLayout layout, double mmToUnit,
                                       boolean maskHeld) {
        INDArray[] features = ViewTensors.features(samples, size);
        float[] labels = new float[samples.size() * layout.size()];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(LabelPacker.pack(samples.get(i), layout, mmToUnit), 0, labels, i * layout.size(),
                    layout.size());
            labels[i * layout.size() + layout.maskHoldOffset()] = maskHeld ? 1f : 0f;
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features,
                new INDArray[] {Nd4j.create(labels, new long[] {samples.size(), layout.size()}, DataType.FLOAT)});
    }
}
