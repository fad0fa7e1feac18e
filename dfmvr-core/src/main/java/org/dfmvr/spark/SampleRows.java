package org.dfmvr.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;
import org.dfmvr.dataset.ViewRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Shard schema v1 as a Spark {@link StructType}, and the row mapping of {@link MultiViewSample}. The schema is the
 * contract between ingest (writer) and train/infer/eval (readers); docs/dataset-schema.md documents every column and
 * {@code SampleRowsTest} pins it.
 */
public final class SampleRows {
    public static final int SCHEMA_VERSION = 1;

    public static final StructType VIEW = new StructType(new StructField[] {
            field("view", DataTypes.StringType, false),
            field("image_png", DataTypes.BinaryType, false),
            field("size", DataTypes.IntegerType, false),
            field("parse_png", DataTypes.BinaryType, true),
            field("weight_png", DataTypes.BinaryType, true),
            field("landmarks68", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            field("yaw_degrees", DataTypes.DoubleType, true),
            field("alignment", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
            field("source_path", DataTypes.StringType, false),
            field("landmarks68_weights", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            field("landmarks_source", DataTypes.StringType, true)});

    public static final StructType SAMPLE = new StructType(new StructField[] {
            field("sample_id", DataTypes.StringType, false),
            field("subject_id", DataTypes.StringType, false),
            field("expression_id", DataTypes.StringType, false),
            field("source", DataTypes.StringType, false),
            field("split", DataTypes.StringType, false),
            field("schema_version", DataTypes.IntegerType, false),
            field("views", DataTypes.createArrayType(VIEW, false), false),
            field("landmarks3d", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            field("gt_mesh_uri", DataTypes.StringType, true),
            field("flags", DataTypes.createArrayType(DataTypes.StringType, false), false),
            field("input_paths", DataTypes.createArrayType(DataTypes.StringType, false), false),
            field("input_sha256", DataTypes.createArrayType(DataTypes.StringType, false), false)});

    public static final StructType QUARANTINE = new StructType(new StructField[] {
            field("input_path", DataTypes.StringType, false),
            field("sample_id", DataTypes.StringType, false),
            field("stage", DataTypes.StringType, false),
            field("reason", DataTypes.StringType, false)});

    private SampleRows() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }

    public static Row toRow(MultiViewSample s) {
        List<Row> views = new ArrayList<>();
        for (ViewRecord v : s.views()) {
            views.add(RowFactory.create(v.view(), v.imagePng(), v.size(), v.parsePng(), v.weightPng(),
                    seq(boxed(v.landmarks68())), v.yawDegrees(), seq(boxed(v.alignment())), v.sourcePath(),
                    seq(boxed(v.landmarks68Weights())), v.landmarksSource()));
        }
        return RowFactory.create(s.sampleId(), s.subjectId(), s.expressionId(), s.source(), s.split(), SCHEMA_VERSION,
                seq(views), seq(boxed(s.landmarks3d())), s.gtMeshUri(), seq(s.flags()), seq(s.inputPaths()),
                seq(s.inputSha256()));
    }

    /** The sample of a shard row; columns are found by name (a split-partitioned read moves {@code split} last). */
    public static MultiViewSample fromRow(Row r) {
        int version = r.getInt(r.fieldIndex("schema_version"));
        String id = r.getString(r.fieldIndex("sample_id"));
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("shard row " + id + " has schema_version " + version
                    + ", this build reads " + SCHEMA_VERSION);
        }
        List<ViewRecord> views = new ArrayList<>();
        for (Row v : r.<Row>getList(r.fieldIndex("views"))) {
            views.add(new ViewRecord(v.getAs("view"), v.getAs("image_png"), v.<Integer>getAs("size"),
                    v.getAs("parse_png"), v.getAs("weight_png"), floats(nullableList(v, "landmarks68")),
                    v.getAs("yaw_degrees"), doubles(v.getList(v.fieldIndex("alignment"))), v.getAs("source_path"),
                    floats(optionalList(v, "landmarks68_weights")), optional(v, "landmarks_source")));
        }
        return new MultiViewSample(id, r.getAs("subject_id"), r.getAs("expression_id"), r.getAs("source"),
                r.getAs("split"), views, floats(nullableList(r, "landmarks3d")), r.getAs("gt_mesh_uri"),
                r.getList(r.fieldIndex("flags")), r.getList(r.fieldIndex("input_paths")),
                r.getList(r.fieldIndex("input_sha256")));
    }

    /**
     * A nullable column added to v1 after its first release: null in rows of shards written before it (their view
     * struct lacks it), so old shards stay readable.
     */
    private static List<Object> optionalList(Row r, String column) {
        return hasColumn(r, column) ? nullableList(r, column) : null;
    }

    private static String optional(Row r, String column) {
        return hasColumn(r, column) ? r.getAs(column) : null;
    }

    private static boolean hasColumn(Row r, String column) {
        return r.schema() != null && java.util.Arrays.asList(r.schema().fieldNames()).contains(column);
    }

    private static List<Object> nullableList(Row r, String column) {
        int i = r.fieldIndex(column);
        return r.isNullAt(i) ? null : r.getList(i);
    }

    public static Row toRow(Quarantined q) {
        return RowFactory.create(q.inputPath(), q.sampleId(), q.stage(), q.reason());
    }

    /**
     * Spark's row encoder takes Scala sequences for array columns. The wrapper keeps the Java list, and Kryo rebuilds
     * it by calling {@code add}: an immutable JDK list (List.of, Stream.toList) fails on a cluster, so copy.
     */
    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return list == null ? null : scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
    }

    private static List<Float> boxed(float[] a) {
        if (a == null) {
            return null;
        }
        List<Float> out = new ArrayList<>(a.length);
        for (float f : a) {
            out.add(f);
        }
        return out;
    }

    private static List<Double> boxed(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double d : a) {
            out.add(d);
        }
        return out;
    }

    private static float[] floats(List<?> list) {
        if (list == null) {
            return null;
        }
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    private static double[] doubles(List<?> list) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).doubleValue();
        }
        return out;
    }
}
