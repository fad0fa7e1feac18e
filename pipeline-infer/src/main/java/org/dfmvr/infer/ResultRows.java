package org.dfmvr.infer;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Parquet result table of infer ({@code <out>/results}), one row per reconstructed sample; columns in
 * docs/infer.md. Per-view columns ({@code poses}) always hold left, front, right in that order, {@code present}
 * saying whether the sample had the view.
 */
public final class ResultRows {
    public static final StructType POSE = new StructType(new StructField[] {
            field("view", DataTypes.StringType, false),
            field("present", DataTypes.BooleanType, false),
            field("rotation_rad", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            field("translation_mm", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            field("landmark_error_px", DataTypes.DoubleType, false),
            field("photometric_residual", DataTypes.DoubleType, false)});

    public static final StructType RESULT = new StructType(new StructField[] {
            field("sample_id", DataTypes.StringType, false),
            field("content_hash", DataTypes.StringType, false),
            field("bundle_version", DataTypes.StringType, false),
            field("face_model", DataTypes.StringType, false),
            field("coefficients", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            field("views_present", DataTypes.createArrayType(DataTypes.StringType, false), false),
            field("view_count", DataTypes.IntegerType, false),
            field("poses", DataTypes.createArrayType(POSE, false), false),
            field("low_quality", DataTypes.BooleanType, false),
            field("quality_reasons", DataTypes.createArrayType(DataTypes.StringType, false), false),
            field("mesh_path", DataTypes.StringType, false),
            field("neutral_mesh_path", DataTypes.StringType, false),
            field("overlay_path", DataTypes.StringType, true),
            field("texture_path", DataTypes.StringType, true),
            field("input_paths", DataTypes.createArrayType(DataTypes.StringType, false), false),
            field("run_id", DataTypes.StringType, false),
            field("landmark_fit_initial_rms_px", DataTypes.DoubleType, true),
            field("landmark_fit_final_rms_px", DataTypes.DoubleType, true),
            field("landmarks_source", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false),
                    true),
            field("landmarks_detected_views", DataTypes.IntegerType, true),
            field("landmark_fitted", DataTypes.BooleanType, true)});

    private ResultRows() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }

    /**
     * Where a sample's outputs go (relative to the output folder, or final URIs after commit).
     *
     * @param overlay null when overlays are off
     * @param texture the baked texture PNG (its material file has the same stem, {@code .mtl}), null without one
     */
    public record Paths(String mesh, String neutralMesh, String overlay, String texture) {
    }

    /**
     * @param landmarkSources view -&gt; where its 68 landmarks came from ({@code detected}, {@code sidecar},
     *                        {@code dataset}; {@code unknown} for shards written before sources were recorded), only
     *                        views with landmarks ({@link #landmarkSources})
     */
    public static Row toRow(Reconstruction r, String contentHash, String bundleVersion, String faceModel, Paths paths,
                            List<String> inputPaths, String runId, Map<String, String> landmarkSources) {
        int detected = (int) landmarkSources.values().stream().filter(ViewRecord.LANDMARKS_DETECTED::equals).count();
        List<Row> poses = new ArrayList<>();
        for (Reconstruction.ViewResult v : r.views()) {
            poses.add(RowFactory.create(v.view(), v.present(), seq(boxed(v.rotation())),
                    seq(boxed(v.translationMm())), v.landmarkErrorPx(), v.photometricResidual()));
        }
        return RowFactory.create(r.sampleId(), contentHash, bundleVersion, faceModel, seq(boxed(r.coefficients())),
                seq(r.viewsPresent()), r.viewsPresent().size(), seq(poses), r.lowQuality(), seq(r.qualityReasons()),
                paths.mesh(), paths.neutralMesh(), paths.overlay(), paths.texture(), seq(inputPaths), runId,
                r.landmarkFit() == null ? null : r.landmarkFit().initialRmsPx(),
                r.landmarkFit() == null ? null : r.landmarkFit().finalRmsPx(),
                scala.collection.JavaConverters.mapAsScalaMap(new java.util.TreeMap<>(landmarkSources)), detected,
                r.landmarkFit() != null);
    }

    /** View -&gt; source of its landmarks, for the views of {@code s} that have landmarks. */
    public static Map<String, String> landmarkSources(MultiViewSample s) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (ViewRecord v : s.views()) {
            if (v.landmarks68() != null) {
                out.put(v.view(), v.landmarksSource() == null ? "unknown" : v.landmarksSource());
            }
        }
        return out;
    }

    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return list == null ? null : scala.collection.JavaConverters.asScalaBuffer(list).toSeq();
    }

    private static List<Float> boxed(float[] values) {
        if (values == null) {
            return null;
        }
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}
