package org.dfmvr.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.camera.RigidPose;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.FivePointAlignment;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * synth (12 subjects) -> ingest -> read back: the embedded default dataset goes through the real jobs, and the
 * stored 2D landmarks are where the ground-truth 3D landmarks project under the true pose.
 */
@Tag("slow")
class SyntheticEndToEndTest {
    @TempDir
    static Path dir;
    static List<MultiViewSample> samples;
    static DfmvrConfig cfg;

    @BeforeAll
    static void synthThenIngest() throws IOException {
        cfg = DfmvrConfig.load(null, Map.of(
                "dfmvr.synth.output", dir.resolve("raw").toString(), "dfmvr.synth.subjects", "12",
                "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", dir.resolve("raw").toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "64",
                "dfmvr.synth.preview", "true"));
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(5));
        IngestSettings settings = IngestSettings.from(cfg);
        IngestSummary summary = IngestRunner.run(LocalSpark.session(), settings, new SyntheticReader(settings),
                Duration.ofSeconds(5));
        assertEquals(12, summary.ok());
        Dataset<Row> rows = LocalSpark.session().read().parquet(dir.resolve("shards/v1").toString());
        samples = rows.collectAsList().stream().map(SampleRows::fromRow).toList();
    }

    @Test
    void givenTwelveSubjects_whenIngested_thenTwelveThreeViewRowsWithLabelsAndLandmarks() {
        assertEquals(12, samples.size());
        for (MultiViewSample s : samples) {
            assertEquals(3, s.views().size());
            for (ViewRecord v : s.views()) {
                assertThat(v.parsePng()).isNotNull();
                assertThat(v.weightPng()).isNotNull();
                assertThat(v.landmarks68()).hasSize(136);
            }
            assertThat(s.gtMeshUri()).endsWith("mesh.obj");
        }
        assertThat(Files.exists(dir.resolve("raw/preview.png"))).isTrue();
    }

    @Test
    void givenTheSplits_whenGroupedBySubject_thenNoSubjectSpansTwoSplits() {
        Map<String, Set<String>> splitsOfSubject = new HashMap<>();
        for (MultiViewSample s : samples) {
            splitsOfSubject.computeIfAbsent(s.subjectId(), k -> new HashSet<>()).add(s.split());
        }
        assertThat(splitsOfSubject.values()).allMatch(set -> set.size() == 1);
    }

    @Test
    void givenTheTruePose_whenTheGroundTruthLandmarksAreProjectedAndAligned_thenTheyMatchTheStoredOnesWithinOnePixel()
            throws IOException {
        MorphableModel model = SynthRunner.model("synthface");
        PerspectiveCamera camera = PerspectiveCamera.deep3dFace(64, model.unit());
        double worst = 0;
        for (MultiViewSample s : samples) {
            Path sampleDir = Path.of(URI.create(s.gtMeshUri())).getParent();
            TriangleMesh gt = ObjIo.read(sampleDir.resolve("mesh.obj"));
            JsonNode truth = new ObjectMapper().readTree(sampleDir.resolve("sample.json").toFile());
            for (int v = 0; v < s.views().size(); v++) {
                ViewRecord view = s.views().get(v);
                JsonNode pose = truth.path("views").get(v);
                assertEquals(view.view(), pose.path("name").asText());
                RigidPose rigid = RigidPose.of(floats(pose.path("angles_rad")), floats(pose.path("translation")));
                float[] uv = camera.project(rigid.apply(gt.positions()));
                FivePointAlignment.Transform t = new FivePointAlignment.Transform(view.alignment()[0],
                        view.alignment()[1], view.alignment()[2], view.size());
                int[] ids = model.landmarkIds68();
                for (int k = 0; k < 68; k++) {
                    double[] expected = t.apply(uv[2 * ids[k]], uv[2 * ids[k] + 1]);
                    worst = Math.max(worst, Math.hypot(expected[0] - view.landmarks68()[2 * k],
                            expected[1] - view.landmarks68()[2 * k + 1]));
                }
            }
        }
        System.out.printf("synthetic end-to-end: worst landmark deviation %.4f px%n", worst);
        assertThat(worst).isLessThan(1.0);
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
