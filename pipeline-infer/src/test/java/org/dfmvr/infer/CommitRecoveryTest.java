package org.dfmvr.infer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The infer commit after a crash: a run with {@code _READY} is finished, one without is discarded. */
class CommitRecoveryTest {
    @TempDir
    java.nio.file.Path out;
    FileSystem fs;

    @BeforeEach
    void aCommittedPreviousRun() throws IOException {
        fs = FileSystem.getLocal(new Configuration()).getRaw();
        write("a.obj", "old a");
        write("results/part-0", "old rows");
    }

    private void write(String rel, String content) throws IOException {
        Files.createDirectories(out.resolve(rel).getParent());
        Files.writeString(out.resolve(rel), content);
    }

    private String read(String rel) throws IOException {
        return Files.readString(out.resolve(rel));
    }

    private Path root() {
        return new Path(out.toString());
    }

    @Test
    void givenARunThatCrashedBeforeReady_whenRecovered_thenItsFilesAreDiscardedAndTheOldOutputStays()
            throws IOException {
        write("_tmp-1/a.obj", "half");
        write("_tmp-1/results/part-0", "new rows");
        InferRunner.recover(fs, root());
        assertEquals("old a", read("a.obj"));
        assertEquals("old rows", read("results/part-0"));
        assertThat(Files.exists(out.resolve("_tmp-1"))).isFalse();
    }

    @Test
    void givenARunThatCrashedAfterReady_whenRecovered_thenItsMeshesAndTablesReplaceTheOldOnes() throws IOException {
        write("_tmp-2/a.obj", "new a");
        write("_tmp-2/neutral/a.obj", "new neutral a");
        write("_tmp-2/results/part-0", "new rows");
        write("_tmp-2/predictions.json", "{}");
        write("_tmp-2/" + InferRunner.READY, "");
        InferRunner.recover(fs, root());
        assertEquals("new a", read("a.obj"));
        assertEquals("new neutral a", read("neutral/a.obj"));
        assertEquals("new rows", read("results/part-0"));
        assertEquals("{}", read("predictions.json"));
        assertThat(Files.exists(out.resolve("_tmp-2"))).isFalse();
        assertThat(Files.exists(out.resolve(InferRunner.READY))).isFalse();
    }

    @Test
    void givenACommitInterruptedHalfway_whenRecovered_thenTheRestIsMovedAndNothingIsLost() throws IOException {
        write("a.obj", "new a"); // moved before the crash
        write("_tmp-3/b.obj", "new b");
        write("_tmp-3/results/part-0", "new rows");
        write("_tmp-3/" + InferRunner.READY, "");
        InferRunner.recover(fs, root());
        assertEquals("new a", read("a.obj"));
        assertEquals("new b", read("b.obj"));
        assertEquals("new rows", read("results/part-0"));
        try (var left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.obj", "b.obj",
                    "results");
        }
    }
}
