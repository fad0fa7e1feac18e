package org.dfmvr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quickstart scores held-out subjects only: infer and eval read a copy of the test split. */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    private static Path file(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, p.getFileName().toString());
    }

    @Test
    void givenTheQuickstartStages_whenListed_thenInferAndEvalReadTheHeldOutFolderNotTheTrainingShards() {
        QuickstartCommand q = new QuickstartCommand();
        q.workDir = dir;

        List<List<String>> stages = q.stages();

        List<String> infer = stages.get(3), networkOnly = stages.get(4), eval = stages.get(5);
        assertThat(infer.get(infer.indexOf("--input") + 1)).isEqualTo(dir.resolve("held-out").toString());
        assertThat(networkOnly.get(networkOnly.indexOf("--input") + 1)).isEqualTo(dir.resolve("held-out").toString());
        assertThat(eval.get(eval.indexOf("--gt") + 1)).isEqualTo(dir.resolve("held-out").toString());
        assertThat(stages.get(2).get(stages.get(2).indexOf("--data") + 1)).isEqualTo(dir.resolve("shards").toString());
        assertThat(stages.get(2)).as("a re-run replaces the earlier training run").contains("--overwrite");
    }

    @Test
    void givenTheQuickstartStages_whenListed_thenEvalScoresTheFittedReconstructionTheNetworkAloneAndTheMeanFace() {
        QuickstartCommand q = new QuickstartCommand();
        q.workDir = dir;

        List<List<String>> stages = q.stages();

        assertThat(stages.get(4)).contains("-Ddfmvr.infer.landmark-fit.enabled=false");
        assertThat(stages.get(3)).noneMatch(a -> a.contains("landmark-fit"));
        assertThat(stages.get(5)).contains("reconstruction=" + dir.resolve("infer"),
                "network-only=" + dir.resolve("infer-network-only"));
        assertThat(String.join(" ", stages.get(5))).contains("--baseline mean-face");
    }

    @Test
    void givenShardsOfThreeSplits_whenTheTestSplitIsCopied_thenOnlyItsFilesAreThereAndAStaleCopyIsGone()
            throws Exception {
        Path shards = dir.resolve("shards");
        file(shards.resolve("v1/split=train/part-0.parquet"));
        file(shards.resolve("v1/split=val/part-0.parquet"));
        file(shards.resolve("v1/split=test/part-0.parquet"));
        Path stale = file(dir.resolve("held-out/v1/split=train/part-9.parquet"));

        QuickstartCommand.copyTestSplit(shards, dir.resolve("held-out"));

        try (var files = Files.walk(dir.resolve("held-out"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.resolve("held-out").relativize(p).toString()))
                    .containsExactly("v1/split=test/part-0.parquet");
        }
        assertThat(stale).doesNotExist();
    }

    @Test
    void givenShardsWithoutATestSplit_whenCopied_thenTheErrorNamesTheFolderAndTheFix() throws Exception {
        file(dir.resolve("shards/v1/split=train/part-0.parquet"));

        assertThatThrownBy(() -> QuickstartCommand.copyTestSplit(dir.resolve("shards"), dir.resolve("held-out")))
                .hasMessageContaining("split=test").hasMessageContaining("dfmvr.synth.subjects");
    }
}
