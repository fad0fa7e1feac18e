package org.dfmvr.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.config.ConfigError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicOutput}: an existing output of the same job is replaced whole or not at all; anything else is kept. */
class AtomicOutputTest {
    static final String JOB = "eval";
    @TempDir
    java.nio.file.Path dir;
    FileSystem fs;
    Path out;

    @BeforeEach
    void givenAnExistingReport() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        out = new Path(dir.resolve("report").toUri());
        write(fs, new Path(out, "summary.json"), "old");
        write(fs, new Path(out, "old-only.txt"), "old");
        OutputOwnership.mark(out, JOB, fs.getConf());
    }

    @Test
    void whenReplaced_thenOnlyTheNewContentsRemainWithTheMarkerAndNoTemporaryFolder() throws IOException {
        AtomicOutput.replace(fs, out, JOB, (f, tmp) -> write(f, new Path(tmp, "summary.json"), "new"));

        assertThat(Files.readString(dir.resolve("report/summary.json"))).isEqualTo("new");
        assertThat(dir.resolve("report/old-only.txt")).doesNotExist();
        assertThat(OutputOwnership.isMarked(out, JOB, fs.getConf())).isTrue();
        assertThat(dir.toFile().list()).containsExactly("report");
    }

    @Test
    void whenWritingFailsHalfway_thenTheOldReportIsUntouchedAndTheTemporaryFolderIsGone() {
        assertThatThrownBy(() -> AtomicOutput.replace(fs, out, JOB, (f, tmp) -> {
            write(f, new Path(tmp, "summary.json"), "half");
            throw new IOException("disk full (simulated)");
        })).hasMessageContaining("simulated");

        assertThat(dir.resolve("report/summary.json")).hasContent("old");
        assertThat(dir.resolve("report/old-only.txt")).exists();
        assertThat(dir.toFile().list()).containsExactly("report");
    }

    @Test
    void givenNoExistingOutput_whenReplaced_thenItIsCreated() throws IOException {
        Path fresh = new Path(dir.resolve("fresh").toUri());
        AtomicOutput.replace(fs, fresh, JOB, (f, tmp) -> write(f, new Path(tmp, "report.html"), "x"));

        assertThat(dir.resolve("fresh/report.html")).hasContent("x");
    }

    @Test
    void givenAUsersFolder_whenReplaced_thenNothingIsWrittenAndTheUsersFileIsKept() throws IOException {
        Path proj = new Path(dir.resolve("proj").toUri());
        write(fs, new Path(proj, "thesis.tex"), "important");
        boolean[] wrote = {false};
        assertThatThrownBy(() -> AtomicOutput.replace(fs, proj, JOB, (f, tmp) -> wrote[0] = true))
                .isInstanceOf(ConfigError.class).hasMessageContaining("thesis.tex");

        assertThat(wrote[0]).isFalse();
        assertThat(dir.resolve("proj/thesis.tex")).hasContent("important");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("report", "proj");
    }

    @Test
    void givenAnotherJobsOutput_whenReplaced_thenItIsRefusedAndKept() throws IOException {
        assertThatThrownBy(() -> AtomicOutput.replace(fs, out, "synth", (f, tmp) -> { }))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr eval job");
        assertThat(dir.resolve("report/old-only.txt")).exists();
    }

    private static void write(FileSystem fs, Path file, String text) throws IOException {
        try (OutputStream o = fs.create(file, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
