package org.dfmvr.ingest;

import org.apache.spark.sql.Row;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.render.PngWriter;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.synth.SynthSettings;
import org.dfmvr.synth.SyntheticRenderer;
import org.dfmvr.synth.SyntheticSample;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pixel-Face layout written here (landscape BMPs of rendered faces, gt.mat with the real struct and field names)
 * through the ingest runner with the default detector configuration (the shipped YuNet model): needs no files outside
 * the repository.
 */
@Tag("spark")
class PixelFaceIngestTest {
    @TempDir
    Path dir;

    @Test
    void givenPixelFaceSamples_whenIngested_thenDetectedAlignedViewsAnd101LandmarksAreStoredAndBadOnesQuarantined()
            throws IOException {
        MorphableModel model = SynthRunner.model("synthface");
        SynthSettings render = new SynthSettings(320, List.of(-30.0, 0.0, 30.0), 0, 0, 0, 1, 0.3, 0.3, 0.1, 0.0, 0.0,
                List.of("flat"));
        SyntheticSample face;
        try (SyntheticRenderer r = new SyntheticRenderer(model, render)) {
            face = r.render(3, "s0", "e00", true);
        }
        writeSample(dir.resolve("raw/00001/01"), face, model, true, 3);
        writeSample(dir.resolve("raw/00001/02"), face, model, false, 3);  // gt.mat without kpt_ind
        writeSample(dir.resolve("raw/00002/01"), face, model, true, 2);   // the right view is blank: no face

        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.ingest.source", "pixelface",
                "dfmvr.ingest.input", dir.resolve("raw").toString(), "dfmvr.ingest.output", dir.resolve("out").toString(),
                "dfmvr.ingest.image-size", "64",
                "dfmvr.ingest.detector.score-threshold", "0.5"));
        IngestSettings settings = IngestSettings.from(cfg);
        IngestSummary summary = IngestRunner.run(LocalSpark.session(), settings, new PixelFaceReader(settings),
                Duration.ofSeconds(5));

        assertEquals(3, summary.read());
        assertEquals(1, summary.ok());
        List<Row> q = LocalSpark.session().read().parquet(dir.resolve("out/_quarantine").toString())
                .orderBy("sample_id").collectAsList();
        assertThat(q.get(0).getString(3)).contains("kpt_ind");
        assertThat(q.get(1).getString(2)).isEqualTo("detect");
        assertThat(q.get(1).getString(3)).contains("no face found in the right view");

        MultiViewSample ok = SampleRows.fromRow(LocalSpark.session().read().parquet(dir.resolve("out/v1").toString())
                .first());
        assertEquals(3, ok.views().size());
        assertThat(ok.landmarks3d()).hasSize(303);
        // row 0 of the 101 is keypoint 0 = vertex 0 of the registration, stored in dm and read back in mm; row 3 is
        // keypoint 4 (keypoint 3 is one of the five DF-MVR drops)
        assertEquals(face.mesh().positions()[0], ok.landmarks3d()[0], 1e-3);
        assertEquals(face.mesh().positions()[3 * 4 + 1], ok.landmarks3d()[3 * 3 + 1], 1e-3);
        // the photos carry no 68 landmarks: each view has the network's (source detected, 68 weights, at least
        // one point trusted) or none, and the flag no_lm68 says when one is missing
        boolean missing = false;
        for (var v : ok.views()) {
            System.out.println("pixelface " + v.view() + ": landmarks " + v.landmarksSource());
            if (v.landmarks68() == null) {
                missing = true;
                assertThat(v.landmarksSource()).isNull();
            } else {
                assertThat(v.landmarksSource()).isEqualTo("detected");
                assertThat(v.landmarks68Weights()).hasSize(68).contains(1f);
            }
        }
        assertThat(ok.flags().contains("no_lm68")).isEqualTo(missing);
    }

    /** One Pixel-Face sample folder; views beyond {@code faces} are blank. Registration = the mesh in dm. */
    private static void writeSample(Path sample, SyntheticSample face, MorphableModel model, boolean withKeypoints,
                                    int faces) throws IOException {
        for (int v = 0; v < 3; v++) {
            Path viewDir = Files.createDirectories(sample.resolve("mesh/" + v));
            BufferedImage portrait = new BufferedImage(360, 640, BufferedImage.TYPE_INT_RGB);
            if (v < faces) {
                portrait.getGraphics().drawImage(PngWriter.toImage(face.views().get(v).image()), 20, 160, null);
            }
            ImageIO.write(PixelFaceReader.transpose(portrait), "bmp", viewDir.resolve("t.bmp").toFile());
        }
        float[] p = face.mesh().positions();
        int n = p.length / 3;
        Matrix v = Mat5.newMatrix(n, 3);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                v.setDouble(i, c, p[3 * i + c] / PixelFaceReader.FILE_UNIT_TO_MM);
            }
        }
        int[] tris = model.triangles();
        Matrix f = Mat5.newMatrix(tris.length / 3, 3);
        for (int t = 0; t < tris.length; t++) {
            f.setDouble(t / 3, t % 3, tris[t] + 1);
        }
        Struct registration = Mat5.newStruct().set("v", v).set("f", f);
        if (withKeypoints) {
            Matrix kpt = Mat5.newMatrix(1, 106);
            for (int k = 0; k < 106; k++) {
                kpt.setDouble(0, k, k + 1); // keypoint k = vertex k (1-based in the file)
            }
            registration.set("kpt_ind", kpt);
        }
        MatFile mat = Mat5.newMatFile().addArray("neck_obj09", registration)
                .addArray("new_kpt_gt_obj", Mat5.newStruct().set("v", v).set("f", f));
        Path fusion = Files.createDirectories(sample.resolve("mesh/fusion"));
        Mat5.writeToFile(mat, fusion.resolve("gt.mat").toFile());
    }
}
