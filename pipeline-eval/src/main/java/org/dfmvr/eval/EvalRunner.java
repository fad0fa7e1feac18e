package org.dfmvr.eval;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.dfmvr.eval.protocol.BatchSummary;
import org.dfmvr.eval.protocol.ErrorStatistics;
import org.dfmvr.eval.protocol.EvaluationProtocol;
import org.dfmvr.eval.protocol.LandmarkedMesh;
import org.dfmvr.eval.protocol.SampleScore;
import org.dfmvr.output.OutputOwnership;
import org.dfmvr.progress.JobSummary;
import org.dfmvr.progress.ProgressLog;
import org.dfmvr.progress.QuarantineReasons;
import org.dfmvr.spark.SampleRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The Spark side of eval, kept thin: list and pair on the driver (file names only), evaluate on executors (each task
 * loads only its own pairs, one at a time, so one pair never needs more than its own memory; failures become
 * quarantine entries), aggregate and render on the driver, then write the report atomically ({@link ReportWriter}).
 */
public final class EvalRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EvalRunner.class);
    /** 0-based rows of {@code landmarks3d} [101,3] holding the 7 alignment points (DF-MVR's L_lm3d, reference §1.5). */
    static final int[] LANDMARK101_ROWS_OF_7 = PairLoader.LANDMARK101_ROWS_OF_7;
    /** The job kind in the marker of eval's report folders ({@link OutputOwnership}). */
    static final String JOB_KIND = "eval";

    private EvalRunner() {
    }

    /** Runs the evaluation and writes the report to {@code settings.out()}; returns what was written. */
    public static EvalReport run(SparkSession spark, EvalSettings settings, Duration progressInterval)
            throws IOException {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        OutputOwnership.requireWritable(new Path(settings.out()), JOB_KIND, hadoop);
        EvaluationProtocol protocol = settings.protocol().create();
        Map<String, Pairing.GroundTruth> truth = groundTruth(spark, hadoop, settings);
        List<PairRef> pairs = new ArrayList<>();
        Map<String, List<QuarantineEntry>> quarantine = new LinkedHashMap<>();
        for (EvalSettings.PredictionSet set : settings.predictions()) {
            Pairing.Listing listing = Pairing.pair(hadoop, set, truth);
            pairs.addAll(listing.pairs());
            quarantine.put(set.name(), new ArrayList<>(listing.quarantined()));
            LOG.info("eval: set '{}': {} pairs, {} unpaired", set.name(), listing.pairs().size(),
                    listing.quarantined().size());
        }
        List<EvalSettings.PredictionSet> allSets = new ArrayList<>(settings.predictions());
        if (!settings.baseline().isEmpty()) {
            allSets.add(baselineSet(settings));
            quarantine.put(settings.baseline(), new ArrayList<>());
            pairs.addAll(baselinePairs(settings, pairs));
        }
        if (pairs.isEmpty()) {
            throw new NothingEvaluatedException("no prediction could be paired with ground truth " + settings.gt(),
                    jobSummary(settings, allSets, Map.of(), quarantine, false));
        }

        LongAccumulator done = sc.sc().longAccumulator("eval-pairs");
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        ProtocolSettings protocolSettings = settings.protocol();
        int partitions = Math.max(1, Math.min(pairs.size(), sc.defaultParallelism() * settings.tasksPerCore()));
        List<Tuple2<SampleResult, QuarantineEntry>> outcomes;
        try (ProgressLog progress = new ProgressLog("eval pairs", pairs.size(), "pairs", done::value,
                progressInterval)) {
            outcomes = sc.parallelize(pairs, partitions).mapPartitions(refs -> {
                EvaluationProtocol taskProtocol = protocolSettings.create();
                List<Tuple2<SampleResult, QuarantineEntry>> out = new ArrayList<>();
                while (refs.hasNext()) {
                    out.add(evaluateOne(taskProtocol, conf.value(), refs.next(), protocolSettings.scanUnitMm()));
                    done.add(1);
                }
                return out.iterator();
            }).collect();
        }

        Map<String, List<SampleResult>> bySet = new LinkedHashMap<>();
        for (EvalSettings.PredictionSet set : allSets) {
            bySet.put(set.name(), new ArrayList<>());
        }
        for (Tuple2<SampleResult, QuarantineEntry> o : outcomes) {
            if (o._1() != null) {
                bySet.get(o._1().pair().predictionSet()).add(o._1());
            } else {
                quarantine.get(o._2().predictionSet()).add(o._2());
            }
        }
        List<EvalReport.SetReport> sets = new ArrayList<>();
        for (EvalSettings.PredictionSet set : allSets) {
            List<SampleResult> results = bySet.get(set.name());
            results.sort(Comparator.comparing(r -> r.pair().sampleId()));
            if (results.isEmpty()) {
                throw new NothingEvaluatedException("prediction set '" + set.name() + "' has no evaluable sample",
                        jobSummary(settings, allSets, bySet, quarantine, false));
            }
            BatchSummary summary = ErrorStatistics.aggregateScores(results.stream().map(SampleResult::score).toList(),
                    settings.outlierFactor(), settings.percentiles(), settings.curveMaxMm(), settings.curveSteps());
            sets.add(new EvalReport.SetReport(set.name(), set.uri(), summary, results, quarantine.get(set.name()),
                    renders(hadoop, settings, summary, results)));
        }
        EvalReport report = new EvalReport(protocol.stamp(), settings.gt(), sets);
        ReportWriter.write(spark, new Path(settings.out()), report, settings);
        LOG.info("eval done: {} pairs in {} s -> {}", pairs.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9), settings.out());
        return report;
    }

    /** The baseline as a set: its name and, in place of a folder, what it scores. */
    static EvalSettings.PredictionSet baselineSet(EvalSettings settings) {
        return new EvalSettings.PredictionSet(settings.baseline(), PairLoader.MEAN_FACE_PREFIX
                + (settings.baselineModel().isEmpty() ? "each sample's model" : settings.baselineModel()));
    }

    /**
     * The baseline's pairs: one per sample id paired in any prediction set, the model's mean face against the same
     * ground truth and landmarks.
     */
    static List<PairRef> baselinePairs(EvalSettings settings, List<PairRef> predictionPairs) {
        Map<String, PairRef> bySample = new TreeMap<>();
        for (PairRef p : predictionPairs) {
            bySample.putIfAbsent(p.sampleId(), p);
        }
        List<PairRef> out = new ArrayList<>();
        for (PairRef p : bySample.values()) {
            String spec = settings.baselineModel().isEmpty() ? p.modelSpec() : settings.baselineModel();
            out.add(new PairRef(settings.baseline(), p.sampleId(), PairLoader.MEAN_FACE_PREFIX + spec, spec,
                    p.scanMesh(), p.scanLandmarks()));
        }
        return out;
    }

    /** The closing summary of a finished run. */
    public static JobSummary jobSummary(EvalSettings settings, EvalReport report) {
        Map<String, List<SampleResult>> results = new LinkedHashMap<>();
        Map<String, List<QuarantineEntry>> quarantine = new LinkedHashMap<>();
        List<EvalSettings.PredictionSet> sets = new ArrayList<>();
        for (EvalReport.SetReport s : report.sets()) {
            sets.add(new EvalSettings.PredictionSet(s.name(), s.uri()));
            results.put(s.name(), s.samples());
            quarantine.put(s.name(), s.quarantined());
        }
        return jobSummary(settings, sets, results, quarantine, true).withDetails(summaryTable(report));
    }

    /**
     * Counts over every set: in = predictions listed (evaluated + quarantined), out = evaluated (flagged ones
     * included), quarantined = predictions that could not be evaluated. Ground truth that no prediction pairs with is
     * not a failed input and is counted on its own line. The report's files are listed only when it was written.
     */
    private static JobSummary jobSummary(EvalSettings settings, List<EvalSettings.PredictionSet> sets,
                                         Map<String, List<SampleResult>> results,
                                         Map<String, List<QuarantineEntry>> quarantine, boolean written) {
        long evaluated = 0, failed = 0, gtOnly = 0;
        QuarantineReasons reasons = new QuarantineReasons();
        for (EvalSettings.PredictionSet set : sets) {
            evaluated += results.getOrDefault(set.name(), List.of()).size();
            for (QuarantineEntry q : quarantine.getOrDefault(set.name(), List.of())) {
                if (q.reason().startsWith(Pairing.NO_PREDICTION)) {
                    gtOnly++;
                } else {
                    failed++;
                    reasons.add(q.sampleId(), q.stage(), q.reason());
                }
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        if (written) {
            outputs.put("report", new Path(settings.out(), ReportWriter.HTML_FILE).toString());
            outputs.put("summary", new Path(settings.out(), ReportWriter.SUMMARY_FILE).toString());
            outputs.put("per-sample table", new Path(settings.out(), ReportWriter.SAMPLES_DIR).toString());
            outputs.put("quarantine table", new Path(settings.out(), ReportWriter.QUARANTINE_DIR).toString());
        }
        List<String> details = gtOnly == 0 ? List.of()
                : List.of(gtOnly + " ground-truth entries have no prediction in some set (listed in the quarantine "
                        + "table, not counted above)");
        return new JobSummary("eval", "predictions", evaluated + failed, evaluated, failed, reasons, outputs, details);
    }

    /**
     * The per-set table printed at the end: counts, the headline mean over unflagged samples and over all evaluated
     * samples, and the unflagged median (mm); "n/a" where a statistic has no sample.
     */
    static List<String> summaryTable(EvalReport report) {
        List<String> lines = new ArrayList<>();
        int width = Math.max(4, report.sets().stream().mapToInt(s -> s.name().length()).max().orElse(4));
        String row = "%-" + width + "s %8s %9s %8s %12s %20s %14s %22s";
        lines.add(String.format(java.util.Locale.ROOT, row, "set", "samples", "included", "flagged", "quarantined",
                "mean mm (unflagged)", "mean mm (all)", "median mm (unflagged)"));
        for (EvalReport.SetReport s : report.sets()) {
            BatchSummary b = s.summary();
            lines.add(String.format(java.util.Locale.ROOT, row, s.name(), b.sampleCount(), b.includedCount(),
                    b.sampleCount() - b.includedCount(), s.quarantined().size(), mm(b.perSample().mean()),
                    mm(s.allSamples().mean()), mm(b.perSample().median())));
        }
        return lines;
    }

    private static String mm(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.3f", v) : "n/a";
    }

    private static Tuple2<SampleResult, QuarantineEntry> evaluateOne(EvaluationProtocol protocol, Configuration conf,
                                                                   PairRef ref, double scanUnitMm) {
        LandmarkedMesh predicted;
        LandmarkedMesh scan;
        try {
            predicted = PairLoader.prediction(conf, ref);
            scan = PairLoader.scan(conf, ref, scanUnitMm);
        } catch (BadEvalInputException | IOException e) {
            return new Tuple2<>(null, new QuarantineEntry(ref.predictionSet(), ref.predictedMesh(), ref.sampleId(),
                    "read", e.getMessage()));
        } catch (RuntimeException e) { // a loader bug or a foreign filesystem must not lose the batch either
            return new Tuple2<>(null, new QuarantineEntry(ref.predictionSet(), ref.predictedMesh(), ref.sampleId(),
                    "read", "unexpected " + e));
        }
        try {
            return new Tuple2<>(SampleResult.of(ref, protocol.evaluate(predicted, scan)), null);
        } catch (RuntimeException e) { // a protocol bug must not lose the batch; the reason names it as unexpected
            return new Tuple2<>(null, new QuarantineEntry(ref.predictionSet(), ref.predictedMesh(), ref.sampleId(),
                    "evaluate", "unexpected " + e));
        }
    }

    /** Ground truth by sample id: an ingest output (its {@code v1/} shards) or a folder of meshes/scans. */
    private static Map<String, Pairing.GroundTruth> groundTruth(SparkSession spark, Configuration hadoop,
                                                                EvalSettings settings) throws IOException {
        Path shards = new Path(settings.gt(), "v" + SampleRows.SCHEMA_VERSION);
        if (!shards.getFileSystem(hadoop).isDirectory(shards)) {
            return Pairing.groundTruthFolder(hadoop, settings.gt());
        }
        Map<String, Pairing.GroundTruth> out = new TreeMap<>();
        for (Row r : spark.read().parquet(shards.toString()).where("gt_mesh_uri is not null")
                .select("sample_id", "gt_mesh_uri", "landmarks3d").collectAsList()) {
            List<Number> l101 = r.isNullAt(2) ? null : r.getList(2);
            out.put(r.getString(0), new Pairing.GroundTruth(r.getString(0), r.getString(1),
                    l101 == null ? null : landmarks7(l101, settings.protocol().scanUnitMm(), r.getString(0))));
        }
        return out;
    }

    /** The 7 alignment points [7,3] of a shard's {@code landmarks3d} [101,3] (mm), in scan units. */
    static double[] landmarks7(List<? extends Number> landmarks101Mm, double scanUnitMm, String sampleId) {
        if (landmarks101Mm.size() != 3 * 101) {
            throw new BadEvalInputException("shard row " + sampleId + ": landmarks3d must be [101,3] = 303 values, got "
                    + landmarks101Mm.size());
        }
        double[] out = new double[21];
        for (int k = 0; k < 7; k++) {
            for (int d = 0; d < 3; d++) {
                out[3 * k + d] = landmarks101Mm.get(3 * LANDMARK101_ROWS_OF_7[k] + d).doubleValue() / scanUnitMm;
            }
        }
        return out;
    }

    /** Error maps of the best, median and worst included samples (by headline), rendered on the driver. */
    private static List<EvalReport.ErrorMapRender> renders(Configuration hadoop, EvalSettings settings,
                                                           BatchSummary summary, List<SampleResult> results)
            throws IOException {
        List<SampleResult> included = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (summary.sampleFlags().get(i).isEmpty() && results.get(i).score().perVertexErrorMm().length > 0) {
                included.add(results.get(i));
            }
        }
        included.sort(Comparator.comparingDouble(r -> r.score().headlineMm()));
        List<EvalReport.ErrorMapRender> out = new ArrayList<>();
        if (included.isEmpty()) {
            return out;
        }
        int[] picks = {0, (included.size() - 1) / 2, included.size() - 1};
        String[] roles = {"best", "median", "worst"};
        for (int k = 0; k < picks.length; k++) {
            if (k > 0 && picks[k] == picks[k - 1]) {
                continue;
            }
            SampleResult r = included.get(picks[k]);
            SampleScore s = r.score();
            LandmarkedMesh scan = PairLoader.scan(hadoop, r.pair(), settings.protocol().scanUnitMm());
            out.add(new EvalReport.ErrorMapRender(roles[k], r.pair().sampleId(), s.headlineMm(),
                    ErrorMapRenderer.renderPng(scan.mesh(), r.scanVertexIndices(), s.perVertexErrorMm(),
                            settings.errorMapMaxMm(), settings.renderSize())));
        }
        return out;
    }
}
