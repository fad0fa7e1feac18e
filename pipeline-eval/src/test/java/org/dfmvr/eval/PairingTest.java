package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Pairing}: listing on the driver, by file names only. */
class PairingTest {
    @TempDir
    Path dir;

    @Test
    void givenAMissingGroundTruthFolder_whenListed_thenTheErrorNamesTheFolderAndTheKey() {
        assertThatThrownBy(() -> Pairing.groundTruthFolder(new Configuration(), dir.resolve("nope").toString()))
                .isInstanceOf(BadEvalInputException.class).hasMessageContaining("nope")
                .hasMessageContaining("dfmvr.eval.gt");
    }

    @Test
    void givenAPredictionFolderWithoutIndex_whenPaired_thenTheErrorNamesTheMissingFile() throws Exception {
        Files.createDirectories(dir.resolve("pred"));
        EvalSettings.PredictionSet set = new EvalSettings.PredictionSet("p", dir.resolve("pred").toString());

        assertThatThrownBy(() -> Pairing.pair(new Configuration(), set, Map.of()))
                .isInstanceOf(BadEvalInputException.class).hasMessageContaining(PredictionIndex.FILE);
    }

    @Test
    void givenAMeshMissingFromTheIndex_whenPaired_thenItIsQuarantinedAndTheListedOneIsPaired() throws Exception {
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Files.writeString(pred.resolve("a__1.obj"), "");
        Files.writeString(pred.resolve("a__2.obj"), "");
        SyntheticEvalData.writeIndex(pred, List.of("a/1"));
        Map<String, Pairing.GroundTruth> truth = Map.of(
                "a/1", new Pairing.GroundTruth("a/1", "/gt/a__1.obj", null),
                "a/2", new Pairing.GroundTruth("a/2", "/gt/a__2.obj", null));

        Pairing.Listing listing = Pairing.pair(new Configuration(), new EvalSettings.PredictionSet("p", pred.toString()),
                truth);

        assertThat(listing.pairs()).singleElement().satisfies(p -> {
            assertThat(p.sampleId()).isEqualTo("a/1");
            assertThat(p.modelSpec()).isEqualTo(SyntheticEvalData.MODEL_SPEC);
        });
        assertThat(listing.quarantined()).extracting(QuarantineEntry::sampleId, QuarantineEntry::stage)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a/2", "pair"),
                        org.assertj.core.groups.Tuple.tuple("a/2", "pair"));
        assertThat(listing.quarantined()).extracting(QuarantineEntry::reason)
                .anySatisfy(r -> assertThat(r).contains("not listed in predictions.json"))
                .anySatisfy(r -> assertThat(r).contains("without a prediction"));
    }
}
