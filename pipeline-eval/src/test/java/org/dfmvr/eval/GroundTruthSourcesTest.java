package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * The other two ground-truth sources: ingest shards (landmarks from {@code landmarks3d}) and Bosphorus {@code .bnt}
 * scans with {@code .lm3} landmarks. Each pairs the exact predictions of {@link SyntheticEvalData} with the same
 * shapes, so a correct pairing and landmark source gives ~0 mm.
 */
@Tag("spark")
class GroundTruthSourcesTest {
    @TempDir
    Path dir;

    private EvalReport run(String pred, String gt) throws IOException {
        return SyntheticEvalData.evaluate(pred, gt, dir.resolve("report"));
    }

    @Test
    void givenIngestShardsWithLandmarks3dAndNoSidecars_whenEvaluated_thenPairsBySampleIdWithTheShardLandmarks()
            throws IOException {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < SyntheticEvalData.SAMPLES; i++) {
            String id = String.format("synthetic/s%03d/e01", i);
            Path lm7 = data.gt.resolve(PredictionIndex.stem(id) + ".lm7");
            double[] seven = PairLoader.lm7(new Configuration(), lm7.toString());
            Files.delete(lm7);
            List<Float> l101 = new ArrayList<>();
            for (int k = 0; k < 303; k++) {
                l101.add(0f);
            }
            for (int k = 0; k < 7; k++) {
                for (int d = 0; d < 3; d++) {
                    l101.set(3 * EvalRunner.LANDMARK101_ROWS_OF_7[k] + d, (float) seven[3 * k + d]);
                }
            }
            Row view = RowFactory.create("front", new byte[] {1}, 1, null, null, null, null, seq(List.of(1.0, 0.0, 0.0)),
                    "front.png", null, null);
            rows.add(RowFactory.create(id, "synthetic/s" + i, "e01", "synthetic", "test", SampleRows.SCHEMA_VERSION,
                    seq(List.of(view)), seq(l101), data.gt.resolve(PredictionIndex.stem(id) + ".obj").toString(),
                    seq(List.of()), seq(List.of()), seq(List.of())));
        }
        Path shards = dir.resolve("shards");
        LocalSpark.session().createDataFrame(rows, SampleRows.SAMPLE).write().partitionBy("split")
                .parquet(shards.resolve("v1").toString());

        EvalReport report = run(data.exact.toString(), shards.toString());

        assertThat(report.sets().get(0).summary().includedCount()).isEqualTo(SyntheticEvalData.SAMPLES);
        assertThat(report.sets().get(0).summary().perSample().max()).isLessThan(0.01);
    }

    @Test
    void givenABosphorusScanWithLm3_whenEvaluated_thenItsSampleIdMatchesIngestAndTheErrorVanishes() throws IOException {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        String stem = PredictionIndex.stem("synthetic/s000/e01");
        TriangleMesh truth = ObjIo.read(data.gt.resolve(stem + ".obj"));
        double[] seven = PairLoader.lm7(new Configuration(), data.gt.resolve(stem + ".lm7").toString());
        Path bosphorus = Files.createDirectories(dir.resolve("bosphorus/bs001"));
        Files.write(bosphorus.resolve("bs001_N_N_0.bnt"), bnt(truth));
        StringBuilder lm3 = new StringBuilder("# bs001_N_N_0\n7 landmarks\n");
        for (int k = 0; k < 7; k++) {
            lm3.append(PairLoader.BOSPHORUS_LABELS[k]).append('\n').append(seven[3 * k]).append(' ')
                    .append(seven[3 * k + 1]).append(' ').append(seven[3 * k + 2]).append('\n');
        }
        Files.writeString(bosphorus.resolve("bs001_N_N_0.lm3"), lm3.toString(), StandardCharsets.UTF_8);
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Files.copy(data.exact.resolve(stem + ".obj"), pred.resolve("bosphorus__bs001__N_N_0.obj"));
        SyntheticEvalData.writeIndex(pred, List.of("bosphorus/bs001/N_N_0"));

        EvalReport report = run(pred.toString(), dir.resolve("bosphorus").toString());

        assertThat(report.sets().get(0).quarantined()).isEmpty();
        assertThat(report.sets().get(0).samples().get(0).score().headlineMm()).isLessThan(0.01);
    }

    /** A .bnt of a synthface mesh on its own vertex grid (97 x 97, vertex = row * 97 + column), every point valid. */
    private static byte[] bnt(TriangleMesh mesh) {
        String name = "bs001_N_N_0.png";
        int points = mesh.vertexCount();
        int rows = (int) Math.round(Math.sqrt(points));
        int cols = rows;
        assertThat(rows * cols).as("synthface vertices form a square grid").isEqualTo(points);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 8 + 2 + name.length() + 4 + 8 * 5 * rows * cols)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) rows).putShort((short) cols).putDouble(-1e9).putShort((short) name.length())
                .put(name.getBytes(StandardCharsets.US_ASCII)).putInt(5 * rows * cols);
        float[] p = mesh.positions();
        for (int column = 0; column < 5; column++) {
            for (int v = 0; v < rows * cols; v++) {
                b.putDouble(column < 3 ? p[3 * v + column] : 0.5);
            }
        }
        return b.array();
    }

    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toSeq();
    }
}
