package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicOutput}: an existing report is replaced whole or not at all. */
class AtomicOutputTest {
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
    }

    @Test
    void whenReplaced_thenOnlyTheNewContentsRemainAndNoTemporaryFolder() throws IOException {
        AtomicOutput.replace(fs, out, (f, tmp) -> write(f, new Path(tmp, "summary.json"), "new"));

        assertThat(Files.readString(dir.resolve("report/summary.json"))).isEqualTo("new");
        assertThat(dir.resolve("report/old-only.txt")).doesNotExist();
        assertThat(dir.toFile().list()).containsExactly("report");
    }

    @Test
    void whenWritingFailsHalfway_thenTheOldReportIsUntouchedAndTheTemporaryFolderIsGone() {
        assertThatThrownBy(() -> AtomicOutput.replace(fs, out, (f, tmp) -> {
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
        AtomicOutput.replace(fs, fresh, (f, tmp) -> write(f, new Path(tmp, "report.html"), "x"));

        assertThat(dir.resolve("fresh/report.html")).hasContent("x");
    }

    private static void write(FileSystem fs, Path file, String text) throws IOException {
        try (OutputStream o = fs.create(file, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
