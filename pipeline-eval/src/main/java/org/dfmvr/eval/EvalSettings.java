package org.dfmvr.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.eval.protocol.NowProtocol;
import org.dfmvr.eval.protocol.PointToPlaneProtocol;

/**
 * The validated settings of one eval run (keys {@code dfmvr.eval.*}, conf/reference/eval.conf); serializable so
 * that tasks get them with the closure.
 *
 * @param predictions    one or more prediction sets (comparison mode when more than one), names unique
 * @param gt             ground truth: an ingest output (has {@code v1/}) or a folder of meshes/scans
 * @param out            report folder, any Hadoop URI
 * @param protocol       protocol and its parameters
 * @param outlierFactor  a sample whose headline exceeds this times the batch median is flagged, &gt; 1
 * @param percentiles    [P] percentile levels reported over the per-sample headlines, each in [0,100]
 * @param curveMaxMm     largest threshold of the cumulative error curves, mm, &gt; 0
 * @param curveSteps     intervals of the cumulative curves, &gt;= 1
 * @param renderSize     side of the error-map renders, pixels
 * @param errorMapMaxMm  error (mm) shown with the colour map's top colour; larger errors are clamped to it
 * @param tasksPerCore   Spark partitions per default-parallelism slot (one partition holds several pairs)
 * @param baseline       {@value #MEAN_FACE} to score the face model's mean face as one more set, or "" for none
 * @param baselineModel  face model spec of the baseline, or "" for each sample's model from predictions.json
 */
public record EvalSettings(List<PredictionSet> predictions, String gt, String out, ProtocolSettings protocol,
                           double outlierFactor, double[] percentiles, double curveMaxMm, int curveSteps,
                           int renderSize, double errorMapMaxMm, int tasksPerCore, String baseline,
                           String baselineModel) implements Serializable {
    /** The mean-face baseline's name, as a value of {@code dfmvr.eval.baseline} and as the set's name. */
    public static final String MEAN_FACE = "mean-face";

    /** Settings without a baseline. */
    public EvalSettings(List<PredictionSet> predictions, String gt, String out, ProtocolSettings protocol,
                        double outlierFactor, double[] percentiles, double curveMaxMm, int curveSteps,
                        int renderSize, double errorMapMaxMm, int tasksPerCore) {
        this(predictions, gt, out, protocol, outlierFactor, percentiles, curveMaxMm, curveSteps, renderSize,
                errorMapMaxMm, tasksPerCore, "", "");
    }

    /**
     * A prediction set: a folder of meshes plus its {@code predictions.json} ({@link PredictionIndex}).
     *
     * @param name short label used in the report (from {@code name=URI}, or the folder's last path component)
     * @param uri  the folder
     */
    public record PredictionSet(String name, String uri) implements Serializable {
        /** {@code name=URI} or {@code URI}; a URI scheme such as {@code hdfs://} is not taken for a name. */
        public static PredictionSet parse(String spec) {
            String s = spec.strip();
            int eq = s.indexOf('=');
            int scheme = s.indexOf("://");
            if (eq > 0 && (scheme < 0 || eq < scheme)) {
                return new PredictionSet(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
            }
            String trimmed = s.replaceAll("/+$", "");
            return new PredictionSet(trimmed.substring(trimmed.lastIndexOf('/') + 1), s);
        }
    }

    public EvalSettings {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("at least one prediction set is needed (dfmvr.eval.pred / --pred)");
        }
        Set<String> names = new HashSet<>();
        for (PredictionSet p : predictions) {
            if (p.name().isBlank() || p.uri().isBlank() || !names.add(p.name())) {
                throw new IllegalArgumentException("prediction sets need non-empty, distinct names and URIs "
                        + "(dfmvr.eval.pred: name=URI,...), got " + predictions);
            }
        }
        if (!baseline.isEmpty() && !baseline.equals(MEAN_FACE)) {
            throw new IllegalArgumentException("baseline must be \"\" or " + MEAN_FACE + ", got '" + baseline + "'");
        }
        if (!baseline.isEmpty() && names.contains(baseline)) {
            throw new IllegalArgumentException("a prediction set is named '" + baseline + "', the name of the "
                    + "baseline set; rename it (name=URI) or drop --baseline");
        }
        predictions = List.copyOf(predictions);
        percentiles = percentiles.clone();
    }

    /** Reads and validates every {@code dfmvr.eval} key; a bad value is a {@link ConfigError} naming its key. */
    public static EvalSettings from(DfmvrConfig c) {
        List<PredictionSet> preds = new ArrayList<>();
        for (String part : c.getString("dfmvr.eval.pred").split(",")) {
            if (!part.isBlank()) {
                preds.add(PredictionSet.parse(part));
            }
        }
        ProtocolSettings protocol = new ProtocolSettings(
                c.getEnum("dfmvr.eval.protocol", Set.of(PointToPlaneProtocol.ID, NowProtocol.ID)),
                positive(c, "dfmvr.eval.scan-unit-mm"),
                positive(c, "dfmvr.eval.pointplane.crop-radius-mm"),
                c.getInt(c.getString("dfmvr.eval.protocol").equals(NowProtocol.ID)
                        ? "dfmvr.eval.now.max-iterations" : "dfmvr.eval.pointplane.max-iterations", 1, 100_000),
                inUnitInterval(c, "dfmvr.eval.icp.relative-rmse-change"),
                maxDistance(c),
                inUnitInterval(c, "dfmvr.eval.icp.trim-fraction"),
                c.getInt("dfmvr.eval.icp.min-correspondences", 3, Integer.MAX_VALUE),
                above(c, "dfmvr.eval.max-scale-change", 1));
        protocol.create(); // every field was checked above, with its key; this only confirms the records agree
        double outlier = above(c, "dfmvr.eval.outlier-factor", 1);
        List<Integer> levels = c.getIntList("dfmvr.eval.percentiles");
        for (int p : levels) {
            if (p < 0 || p > 100) {
                throw new ConfigError("dfmvr.eval.percentiles", "each level must be in [0, 100] but got " + levels);
            }
        }
        String baseline = c.getEnum("dfmvr.eval.baseline", Set.of("", MEAN_FACE));
        try {
            return new EvalSettings(preds, c.getString("dfmvr.eval.gt"), c.getString("dfmvr.eval.out"), protocol,
                    outlier, levels.stream().mapToDouble(Integer::doubleValue).toArray(),
                    positive(c, "dfmvr.eval.curve.max-mm"), c.getInt("dfmvr.eval.curve.steps", 1, 10_000),
                    c.getInt("dfmvr.eval.report.image-size", 32, 2048), positive(c, "dfmvr.eval.report.error-map-max-mm"),
                    c.getInt("dfmvr.eval.tasks-per-core", 1, 1000),
                    baseline, c.getString("dfmvr.eval.baseline-model").strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigError(e.getMessage().startsWith("a prediction set is named") ? "dfmvr.eval.baseline"
                    : "dfmvr.eval.pred", e.getMessage());
        }
    }

    private static double positive(DfmvrConfig c, String key) {
        double v = c.getDouble(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigError(key, "must be a finite number > 0 but is " + v);
        }
        return v;
    }

    private static double above(DfmvrConfig c, String key, double bound) {
        double v = c.getDouble(key);
        if (!(v > bound) || Double.isInfinite(v)) {
            throw new ConfigError(key, "must be a finite number > " + bound + " but is " + v);
        }
        return v;
    }

    private static double inUnitInterval(DfmvrConfig c, String key) {
        double v = c.getDouble(key);
        if (!(v >= 0 && v < 1)) {
            throw new ConfigError(key, "must be in [0, 1) but is " + v);
        }
        return v;
    }

    private static double maxDistance(DfmvrConfig c) {
        String key = "dfmvr.eval.icp.max-correspondence-distance-mm";
        double v = c.getDouble(key);
        if (v < 0 || Double.isNaN(v)) {
            throw new ConfigError(key, "must be >= 0 (0 = no limit) but is " + v);
        }
        return v == 0 ? Double.POSITIVE_INFINITY : v;
    }
}
