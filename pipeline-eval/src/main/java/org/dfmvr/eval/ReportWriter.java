package org.dfmvr.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dfmvr.eval.protocol.BatchSummary;
import org.dfmvr.eval.protocol.ErrorSummary;
import org.dfmvr.eval.protocol.ProtocolStamp;
import org.dfmvr.eval.protocol.RegistrationFlag;
import org.dfmvr.output.AtomicOutput;

/**
 * Writes an {@link EvalReport} through the Hadoop FileSystem API, atomically ({@link AtomicOutput}):
 * <pre>
 * &lt;out&gt;/samples/part-*.parquet     one row per evaluated sample ({@link #SAMPLES})
 *        quarantine/part-*.parquet  one row per unusable entry ({@link #QUARANTINE})
 *        summary.json               stamp, per-set statistics, flagged samples
 *        report.html                self-contained: tables, cumulative-error plot, error-map renders
 * </pre>
 */
public final class ReportWriter {
    public static final String SAMPLES_DIR = "samples";
    public static final String QUARANTINE_DIR = "quarantine";
    public static final String SUMMARY_FILE = "summary.json";
    public static final String HTML_FILE = "report.html";

    /** Per-sample table; errors in mm. */
    public static final StructType SAMPLES = new StructType(new StructField[] {
            field("prediction_set", DataTypes.StringType, false),
            field("sample_id", DataTypes.StringType, false),
            field("included", DataTypes.BooleanType, false),
            field("flags", DataTypes.createArrayType(DataTypes.StringType, false), false),
            field("headline_mm", DataTypes.DoubleType, false),
            field("vertex_count", DataTypes.IntegerType, false),
            field("mean_mm", DataTypes.DoubleType, false),
            field("median_mm", DataTypes.DoubleType, false),
            field("std_mm", DataTypes.DoubleType, false),
            field("rms_mm", DataTypes.DoubleType, false),
            field("max_mm", DataTypes.DoubleType, false),
            field("icp_iterations", DataTypes.IntegerType, false),
            field("icp_termination", DataTypes.StringType, false),
            field("scale", DataTypes.DoubleType, false),
            field("predicted_mesh", DataTypes.StringType, false),
            field("scan_mesh", DataTypes.StringType, false),
            field("parameter_hash", DataTypes.StringType, false)});

    /** Unusable entries. */
    public static final StructType QUARANTINE = new StructType(new StructField[] {
            field("prediction_set", DataTypes.StringType, false),
            field("input_path", DataTypes.StringType, false),
            field("sample_id", DataTypes.StringType, false),
            field("stage", DataTypes.StringType, false),
            field("reason", DataTypes.StringType, false)});

    private ReportWriter() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }

    /** Writes the report to {@code out}, replacing what was there as a whole. */
    public static void write(SparkSession spark, Path out, EvalReport report, EvalSettings settings)
            throws IOException {
        FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path qualified = fs.makeQualified(out);
        List<Row> samples = new ArrayList<>();
        List<Row> quarantine = new ArrayList<>();
        for (EvalReport.SetReport set : report.sets()) {
            for (int i = 0; i < set.samples().size(); i++) {
                SampleResult r = set.samples().get(i);
                Set<RegistrationFlag> flags = set.summary().sampleFlags().get(i);
                samples.add(RowFactory.create(set.name(), r.pair().sampleId(), flags.isEmpty(),
                        scala.collection.JavaConverters.asScalaBuffer(flagNames(flags)).toSeq(),
                        r.score().headlineMm(), r.score().perVertexErrorMm().length, r.meanMm(), r.medianMm(),
                        r.stdMm(), r.rmsMm(), r.maxMm(), r.icpIterations(), r.icpTermination(), r.scale(),
                        r.pair().predictedMesh(), r.pair().scanMesh(), report.stamp().parameterHash()));
            }
            for (QuarantineEntry q : set.quarantined()) {
                quarantine.add(RowFactory.create(q.predictionSet(), q.inputPath(), q.sampleId(), q.stage(),
                        q.reason()));
            }
        }
        byte[] summary = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(summaryJson(report, settings));
        byte[] html = HtmlReport.render(report, settings).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.replace(fs, qualified, EvalRunner.JOB_KIND, (tfs, tmp) -> {
            spark.createDataFrame(samples, SAMPLES).coalesce(1).write().parquet(new Path(tmp, SAMPLES_DIR).toString());
            spark.createDataFrame(quarantine, QUARANTINE).coalesce(1).write()
                    .parquet(new Path(tmp, QUARANTINE_DIR).toString());
            writeBytes(tfs, new Path(tmp, SUMMARY_FILE), summary);
            writeBytes(tfs, new Path(tmp, HTML_FILE), html);
        });
    }

    private static void writeBytes(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (OutputStream o = fs.create(file, false)) {
            o.write(bytes);
        }
    }

    static List<String> flagNames(Set<RegistrationFlag> flags) {
        return flags.stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList();
    }

    /** The summary.json tree. */
    static Map<String, Object> summaryJson(EvalReport report, EvalSettings settings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "dfmvr-eval-summary");
        root.put("version", 1);
        ProtocolStamp st = report.stamp();
        Map<String, Object> stamp = new LinkedHashMap<>();
        stamp.put("protocol", st.protocol());
        stamp.put("protocol_version", st.version());
        stamp.put("parameter_hash", st.parameterHash());
        stamp.put("parameters", st.parameters());
        root.put("stamp", stamp);
        root.put("ground_truth", report.gt());
        root.put("unit", "mm");
        root.put("headline", st.protocol().equals("now") ? "mean unsigned point-to-surface distance per sample"
                : "RMSE of point-to-plane distances per sample");
        root.put("outlier_factor", settings.outlierFactor());
        List<Object> sets = new ArrayList<>();
        for (EvalReport.SetReport set : report.sets()) {
            BatchSummary b = set.summary();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", set.name());
            s.put("uri", set.uri());
            s.put("samples", b.sampleCount());
            s.put("included", b.includedCount());
            s.put("quarantined", set.quarantined().size());
            s.put("per_sample", summary(b.perSample()));
            s.put("per_sample_all", summary(set.allSamples()));
            Map<String, Object> pct = new LinkedHashMap<>();
            for (int k = 0; k < b.percentLevels().length; k++) {
                pct.put("p" + (int) b.percentLevels()[k], finite(b.perSamplePercentiles()[k]));
            }
            s.put("per_sample_percentiles", pct);
            s.put("all_vertices", summary(b.allVertices()));
            List<Object> flagged = new ArrayList<>();
            for (int i = 0; i < set.samples().size(); i++) {
                if (!b.sampleFlags().get(i).isEmpty()) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("sample_id", set.samples().get(i).pair().sampleId());
                    f.put("headline_mm", finite(set.samples().get(i).score().headlineMm()));
                    f.put("flags", flagNames(b.sampleFlags().get(i)));
                    flagged.add(f);
                }
            }
            s.put("flagged", flagged);
            s.put("per_sample_curve", Map.of("thresholds_mm", b.perSampleCurve().thresholds(),
                    "fraction_at_or_below", finite(b.perSampleCurve().fractionAtOrBelow())));
            s.put("all_vertices_curve", Map.of("thresholds_mm", b.allVerticesCurve().thresholds(),
                    "fraction_at_or_below", finite(b.allVerticesCurve().fractionAtOrBelow())));
            sets.add(s);
        }
        root.put("sets", sets);
        return root;
    }

    /**
     * A statistic's JSON object; a statistic of no sample (every sample flagged) is null, never NaN, so the file
     * stays standard JSON and readers see "no value" rather than a number.
     */
    private static Map<String, Object> summary(ErrorSummary e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", e.count());
        m.put("mean", finite(e.mean()));
        m.put("std", finite(e.std()));
        m.put("median", finite(e.median()));
        m.put("rms", finite(e.rms()));
        m.put("max", finite(e.max()));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> finite(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(finite(v));
        }
        return out;
    }
}
