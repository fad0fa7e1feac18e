package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.io.PixelFaceGroundTruth;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Pixel-Face ground truth read as it is: a {@code gt.mat} built here in the dataset's layout and unit (the scan in
 * {@code new_kpt_gt_obj}, its 106 keypoints on the registration {@code neck_obj09}), evaluated without conversion
 * both from the raw dataset folder and from an ingest output whose shard rows point at it. The predictions are the
 * scans' own shapes moved by a similarity ({@link SyntheticEvalData}), so a correct reader gives ~0 mm.
 */
@Tag("spark")
class PixelFaceGroundTruthTest {
    @TempDir
    Path dir;

    private EvalReport run(String pred, String gt) throws IOException {
        return SyntheticEvalData.evaluate(pred, gt, dir.resolve("report"));
    }

    /** Pixel-Face sample i of {@link SyntheticEvalData}: subject 0000i, sample 01. */
    private static String sampleId(int i) {
        return "pixelface/0000" + i + "/01";
    }

    /** Writes {@code <root>/0000i/01/mesh/fusion/gt.mat} for the first samples and their predictions under pred/. */
    private Path pixelFaceLayout(SyntheticEvalData data, int samples) throws IOException {
        int[] alignment = FaceModels.load(SyntheticEvalData.MODEL_SPEC).alignmentIds();
        Path root = dir.resolve("Pixel-Face");
        Path pred = Files.createDirectories(dir.resolve("pred"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String stem = PredictionIndex.stem(String.format("synthetic/s%03d/e01", i));
            TriangleMesh truth = ObjIo.read(data.gt.resolve(stem + ".obj"));
            Path fusion = Files.createDirectories(root.resolve("0000" + i + "/01/mesh/fusion"));
            writeGtMat(fusion.resolve("gt.mat"), truth, alignment);
            Files.copy(data.exact.resolve(stem + ".obj"), pred.resolve(PredictionIndex.stem(sampleId(i)) + ".obj"));
            ids.add(sampleId(i));
        }
        SyntheticEvalData.writeIndex(pred, ids);
        return root;
    }

    /**
     * A gt.mat in the dataset's file unit (mm / 100): the scan, and a registration (here the scan itself) whose
     * keypoints put DF-MVR's 7 alignment rows of the 101 on the model's alignment vertices.
     */
    static void writeGtMat(Path file, TriangleMesh scanMm, int[] alignmentVertices) throws IOException {
        float[] p = scanMm.positions();
        Matrix v = Mat5.newMatrix(p.length / 3, 3);
        for (int i = 0; i < p.length / 3; i++) {
            for (int c = 0; c < 3; c++) {
                v.setDouble(i, c, p[3 * i + c] / PixelFaceGroundTruth.FILE_UNIT_TO_MM);
            }
        }
        int[] t = scanMm.triangles();
        Matrix f = Mat5.newMatrix(t.length / 3, 3);
        for (int k = 0; k < t.length; k++) {
            f.setDouble(k / 3, k % 3, t[k] + 1);
        }
        Matrix kpt = Mat5.newMatrix(1, 106);
        int row = 0;
        for (int k = 0; k < 106; k++) {
            int vertex = 0;
            if (!PixelFaceGroundTruth.IGNORED_KEYPOINTS.contains(k)) {
                for (int j = 0; j < 7; j++) {
                    if (EvalRunner.LANDMARK101_ROWS_OF_7[j] == row) {
                        vertex = alignmentVertices[j];
                    }
                }
                row++;
            }
            kpt.setDouble(0, k, vertex + 1);
        }
        Struct registration = Mat5.newStruct().set("v", v).set("f", f).set("kpt_ind", kpt);
        Mat5.writeToFile(Mat5.newMatFile().addArray(PixelFaceGroundTruth.REGISTRATION_STRUCT, registration)
                .addArray(PixelFaceGroundTruth.SCAN_STRUCT, Mat5.newStruct().set("v", v).set("f", f)), file.toFile());
    }

    @Test
    void givenTheRawPixelFaceFolder_whenEvaluated_thenGtMatIsTheScanWithItsOwnKeypointsAndTheErrorVanishes()
            throws IOException {
        Path root = pixelFaceLayout(new SyntheticEvalData(dir.resolve("in")), 2);

        EvalReport report = run(dir.resolve("pred").toString(), root.toString());

        EvalReport.SetReport set = report.sets().get(0);
        assertThat(set.quarantined()).isEmpty();
        assertThat(set.samples()).extracting(r -> r.pair().sampleId()).containsExactly(sampleId(0), sampleId(1));
        assertThat(set.samples()).allSatisfy(r -> assertThat(r.pair().scanMesh()).endsWith("gt.mat"));
        assertThat(set.summary().includedCount()).isEqualTo(2);
        assertThat(set.summary().perSample().max()).isLessThan(0.01);
    }

    @Test
    void givenAnIngestOutputWhoseRowsPointAtGtMat_whenEvaluated_thenTheShardLandmarksAndTheMatScanAreUsed()
            throws IOException {
        Path root = pixelFaceLayout(new SyntheticEvalData(dir.resolve("in")), 2);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path mat = root.resolve("0000" + i + "/01/mesh/fusion/gt.mat");
            float[] l101 = PixelFaceGroundTruth.landmarks101(Files.readAllBytes(mat), mat.toString());
            List<Float> landmarks = new ArrayList<>();
            for (float x : l101) {
                landmarks.add(x);
            }
            Row view = RowFactory.create("front", new byte[] {1}, 1, null, null, null, null,
                    seq(List.of(1.0, 0.0, 0.0)), "t.bmp", null, null);
            rows.add(RowFactory.create(sampleId(i), "pixelface/0000" + i, "01", "pixelface", "test",
                    SampleRows.SCHEMA_VERSION, seq(List.of(view)), seq(landmarks), mat.toString(), seq(List.of()),
                    seq(List.of()), seq(List.of())));
        }
        Path shards = dir.resolve("shards");
        LocalSpark.session().createDataFrame(rows, SampleRows.SAMPLE).write().partitionBy("split")
                .parquet(shards.resolve("v1").toString());

        EvalReport report = run(dir.resolve("pred").toString(), shards.toString());

        assertThat(report.sets().get(0).quarantined()).isEmpty();
        assertThat(report.sets().get(0).summary().includedCount()).isEqualTo(2);
        assertThat(report.sets().get(0).summary().perSample().max()).isLessThan(0.01);
    }

    @Test
    void givenAGtMatWithoutItsScanStruct_whenEvaluated_thenThatSampleIsQuarantinedNamingFileAndStruct()
            throws IOException {
        Path root = pixelFaceLayout(new SyntheticEvalData(dir.resolve("in")), 2);
        Path broken = root.resolve("00001/01/mesh/fusion/gt.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("unrelated", Mat5.newMatrix(1, 1)), broken.toFile());

        EvalReport report = run(dir.resolve("pred").toString(), root.toString());

        EvalReport.SetReport set = report.sets().get(0);
        assertThat(set.samples()).extracting(r -> r.pair().sampleId()).containsExactly(sampleId(0));
        assertThat(set.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.sampleId()).isEqualTo(sampleId(1));
            assertThat(q.stage()).isEqualTo("read");
            assertThat(q.reason()).contains(broken.toString()).contains(PixelFaceGroundTruth.REGISTRATION_STRUCT);
        });
    }

    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toSeq();
    }
}
