package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad prediction stays that prediction's problem: it is quarantined with its id and reason, the rest scored. */
class EvalPerRecordFaultsTest {
    @TempDir
    Path dir;

    /** Overwrites {@code id}'s mesh in {@code folder} with NaN at the model's first alignment (landmark) vertex. */
    private static Path nanAtLandmarkVertex(Path folder, String id) throws Exception {
        Path file = folder.resolve(PredictionIndex.stem(id) + ".obj");
        TriangleMesh mesh = ObjIo.read(file);
        float[] p = mesh.positions();
        p[3 * FaceModels.load(SyntheticEvalData.MODEL_SPEC).alignmentIds()[0] + 1] = Float.NaN;
        ObjIo.write(new TriangleMesh(p, mesh.triangles(), mesh.colors()), file);
        return file;
    }

    @Test
    void givenAPredictionWithNanOnALandmarkVertex_whenEvaluated_thenOnlyItIsQuarantinedNamingSampleAndFile()
            throws Exception {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        String bad = "synthetic/s002/e01";
        Path badFile = nanAtLandmarkVertex(data.exact, bad);
        EvalSettings settings = EvalSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.eval.pred", "\"" + data.exact + "\"", "dfmvr.eval.gt", "\"" + data.gt + "\"",
                "dfmvr.eval.out", "\"" + dir.resolve("report") + "\"")));

        EvalReport report = EvalRunner.run(LocalSpark.session(), settings, Duration.ofSeconds(30));

        EvalReport.SetReport set = report.sets().get(0);
        assertThat(set.samples()).hasSize(SyntheticEvalData.SAMPLES - 1)
                .noneMatch(r -> r.pair().sampleId().equals(bad));
        assertThat(set.quarantined()).filteredOn(q -> q.sampleId().equals(bad)).singleElement().satisfies(q -> {
            assertThat(q.stage()).isEqualTo("read");
            assertThat(q.reason()).contains(badFile.toString()).contains("non-finite");
        });
    }

    @Test
    void givenAPredictionWithNanOnALandmarkVertex_whenLoaded_thenTheErrorNamesTheFileAndVertex() throws Exception {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        Path file = nanAtLandmarkVertex(data.exact, "synthetic/s000/e01");
        PairRef ref = new PairRef("s", "synthetic/s000/e01", file.toString(), SyntheticEvalData.MODEL_SPEC, "g.obj",
                null);

        assertThatThrownBy(() -> PairLoader.prediction(new Configuration(), ref))
                .isInstanceOf(BadEvalInputException.class).hasMessageStartingWith(file.toString())
                .hasMessageContaining("vertex " + (FaceModels.load("synthface").alignmentIds()[0] + 1));
    }
}
