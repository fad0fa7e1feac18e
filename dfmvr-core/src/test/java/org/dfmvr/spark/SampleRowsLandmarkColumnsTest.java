package org.dfmvr.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-point landmark weights and the landmark source are optional columns of the v1 view struct: they survive a
 * Parquet round trip, and shards written before they existed still read (as "all trusted, source unrecorded").
 */
@Tag("spark")
class SampleRowsLandmarkColumnsTest {
    @TempDir
    Path dir;

    private static float[] landmarks() {
        float[] lm = new float[136];
        for (int i = 0; i < lm.length; i++) {
            lm[i] = i * 0.5f;
        }
        return lm;
    }

    @Test
    void givenDetectedLandmarksWithPointsSetAside_whenWrittenAndRead_thenWeightsAndSourceComeBack() {
        float[] weights = new float[68];
        Arrays.fill(weights, 1f);
        weights[3] = 0f;
        ViewRecord view = new ViewRecord("left", new byte[] {1}, 64, null, null, landmarks(), null,
                new double[] {1, 2, 3}, "p/left.jpg", weights, ViewRecord.LANDMARKS_DETECTED);
        MultiViewSample sample = new MultiViewSample("a/s/e", "a/s", "e", "archive", "infer", List.of(view), null,
                null, List.of("no_parse"), List.of("p/left.jpg"), List.of("00"));
        SparkSession spark = LocalSpark.session();
        String path = dir.resolve("new").toString();
        spark.createDataFrame(List.of(SampleRows.toRow(sample)), SampleRows.SAMPLE).write().parquet(path);

        ViewRecord back = SampleRows.fromRow(spark.read().parquet(path).first()).views().get(0);

        assertThat(back.landmarks68Weights()).containsExactly(weights);
        assertThat(back.landmarksSource()).isEqualTo("detected");
        assertThat(back.landmarkTrusted(3)).isFalse();
        assertThat(back.landmarkTrusted(4)).isTrue();
        assertThat(back.trustedLandmarks68()[6]).isNaN();
        assertThat(back.trustedLandmarks68()[8]).isEqualTo(4f);
    }

    @Test
    void givenAShardWrittenBeforeTheLandmarkColumns_whenRead_thenItsLandmarksAreAllTrustedWithNoSource() {
        List<StructField> oldView = new ArrayList<>(Arrays.asList(SampleRows.VIEW.fields()));
        oldView.removeIf(f -> f.name().equals("landmarks68_weights") || f.name().equals("landmarks_source"));
        StructType oldSample = new StructType(Arrays.stream(SampleRows.SAMPLE.fields()).map(f -> f.name()
                .equals("views") ? new StructField("views", DataTypes.createArrayType(
                new StructType(oldView.toArray(StructField[]::new)), false), false, f.metadata()) : f)
                .toArray(StructField[]::new));
        List<Float> lm = new ArrayList<>();
        for (float f : landmarks()) {
            lm.add(f);
        }
        Row view = RowFactory.create("front", new byte[] {1}, 64, null, null, seq(lm), null,
                seq(List.of(1.0, 2.0, 3.0)), "p/front.png");
        Row row = RowFactory.create("s/x/e", "s/x", "e", "synthetic", "train", SampleRows.SCHEMA_VERSION,
                seq(List.of(view)), null, null, seq(List.of()), seq(List.of()), seq(List.of()));
        SparkSession spark = LocalSpark.session();
        String path = dir.resolve("old").toString();
        spark.createDataFrame(List.of(row), oldSample).write().parquet(path);

        ViewRecord back = SampleRows.fromRow(spark.read().parquet(path).first()).views().get(0);

        assertThat(back.landmarks68()).containsExactly(landmarks());
        assertThat(back.landmarks68Weights()).isNull();
        assertThat(back.landmarksSource()).isNull();
        assertThat(back.trustedLandmarks68()).containsExactly(landmarks());
    }

    @Test
    void givenWeightsOrASourceWithoutLandmarks_whenBuilt_thenTheViewIsRefused() {
        assertThatThrownBy(() -> new ViewRecord("front", new byte[] {1}, 64, null, null, null, null,
                new double[] {1, 2, 3}, "p", new float[68], null)).hasMessageContaining("landmarks68Weights");
        assertThatThrownBy(() -> new ViewRecord("front", new byte[] {1}, 64, null, null, landmarks(), null,
                new double[] {1, 2, 3}, "p", null, "guessed")).hasMessageContaining("landmarksSource");
    }

    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
    }
}
