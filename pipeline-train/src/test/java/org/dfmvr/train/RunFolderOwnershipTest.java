package org.dfmvr.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.output.OutputOwnership;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A train {@code --out} folder belongs to one run: a user's files are never used or removed, a new run does not
 * silently mix with an earlier run's checkpoints, {@code --overwrite} clears only what train wrote, and
 * {@code --resume} says key by key how the configuration differs from the run's.
 */
class RunFolderOwnershipTest {
    @TempDir
    Path dir;

    @Test
    void givenAnOutFolderWithAForeignFile_whenTrainIsRun_thenItExitsTwoNamingTheFolderAndTheFileStays()
            throws Exception {
        Path out = dir.resolve("proj");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "important");
        for (String option : List.of("--epochs=1", "--overwrite", "--resume")) {
            int rc = DfmvrCli.execute(new TrainJob(), "--data", dir.resolve("no-shards").toString(), "--out",
                    out.toString(), option, "-Ddfmvr.spark.master=local[1]", "-Ddfmvr.train.preflight=false");
            assertEquals(ExitCodes.USAGE, rc, option);
            assertThat(out.resolve("thesis.tex")).as(option).hasContent("important");
            assertThat(out.resolve(OutputOwnership.MARKER)).as(option).doesNotExist();
        }
    }

    @Test
    void givenAFolderHoldingAnotherRun_whenANewRunStarts_thenItIsRefusedNamingTheFolderAndTheRun() throws Exception {
        Path out = runFolder("run-a", 2, 40);
        assertThatThrownBy(() -> new TrainOutput(out.toString(), new Configuration()).claim(false, false))
                .isInstanceOf(ConfigError.class).hasMessageContaining(out.toString())
                .hasMessageContaining("run id run-a").hasMessageContaining("epoch 2")
                .hasMessageContaining("--resume").hasMessageContaining("--overwrite");
        assertThat(out.resolve("checkpoints/ckpt-000000000040")).exists();
    }

    @Test
    void givenOverwrite_whenANewRunStarts_thenOnlyWhatTrainWroteIsRemoved() throws Exception {
        Path out = runFolder("run-a", 2, 40);
        Files.createDirectories(out.resolve("bundle"));
        Files.writeString(out.resolve(".metrics.jsonl.crc"), "crc");
        new TrainOutput(out.toString(), new Configuration()).claim(false, true);
        assertThat(out.resolve("checkpoints")).doesNotExist();
        assertThat(out.resolve(MetricsLog.FILE)).doesNotExist();
        assertThat(out.resolve(".metrics.jsonl.crc")).doesNotExist();
        assertThat(out.resolve("bundle")).doesNotExist();
        assertThat(OutputOwnership.isMarked(new org.apache.hadoop.fs.Path(out.toString()), "train",
                new Configuration())).as("marked as a train folder for the new run").isTrue();
    }

    @Test
    void givenAMarkedTrainFolderWithAUsersNote_whenOverwritten_thenTheNoteStays() throws Exception {
        Path out = runFolder("run-a", 1, 20);
        OutputOwnership.mark(new org.apache.hadoop.fs.Path(out.toString()), "train", new Configuration());
        Files.writeString(out.resolve("notes.txt"), "mine");
        new TrainOutput(out.toString(), new Configuration()).claim(false, true);
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(out.resolve("checkpoints")).doesNotExist();
    }

    @Test
    void givenResumeAndOverwrite_thenTheyAreRefusedTogether() throws Exception {
        Path out = runFolder("run-a", 1, 20);
        assertThatThrownBy(() -> new TrainOutput(out.toString(), new Configuration()).claim(true, true))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.train.overwrite");
        assertThat(out.resolve("checkpoints/ckpt-000000000020")).exists();
    }

    @Test
    void givenAResume_whenOnlyEpochsAndPathsDiffer_thenItIsAcceptedAndAnyOtherTrainingKeyIsRefusedKeyByKey() {
        String run = config(Map.of("dfmvr.train.epochs", "3"));
        TrainState stored = new TrainState(1, 20, run, "synthface", 1.0, "run-a", 20);
        // more epochs, another folder and checkpoint cadence: accepted
        TrainRunner.requireResumable(stored, config(Map.of("dfmvr.train.epochs", "4", "dfmvr.train.out", "elsewhere",
                "dfmvr.train.checkpoint-every", "2", "dfmvr.train.resume", "true")), "out");
        // the learning rate and the batch size change what the remaining epochs compute: refused, each named
        assertThatThrownBy(() -> TrainRunner.requireResumable(stored, config(Map.of("dfmvr.train.epochs", "4",
                "dfmvr.train.lr.initial", "3e-4", "dfmvr.train.batch-size-per-worker", "2")), "out"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("dfmvr.train.batch-size-per-worker: 8 -> 2")
                .hasMessageContaining("dfmvr.train.lr.initial: 1.0E-4 -> 3.0E-4")
                .hasMessageNotContaining("dfmvr.train.epochs");
    }

    private static String config(Map<String, String> keys) {
        return DfmvrConfig.load(null, keys).render();
    }

    /** A folder as a train run leaves it: one checkpoint's state and a metrics row (no weights needed here). */
    private Path runFolder(String runId, int epoch, long step) throws IOException {
        Path out = dir.resolve("train");
        Path ckpt = out.resolve("checkpoints").resolve(String.format("ckpt-%012d", step));
        Files.createDirectories(ckpt);
        new ObjectMapper().writeValue(ckpt.resolve(CheckpointStore.STATE).toFile(),
                new TrainState(epoch, step, "", "synthface", 1.0, runId, step));
        Files.writeString(out.resolve(MetricsLog.FILE), "{\"run_id\":\"" + runId + "\",\"epoch\":0}\n");
        return out;
    }
}
