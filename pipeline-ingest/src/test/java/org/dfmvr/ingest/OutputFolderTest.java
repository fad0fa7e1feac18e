package org.dfmvr.ingest;

import org.apache.hadoop.conf.Configuration;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.output.OutputOwnership;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code synth --output} and {@code ingest --output} through the command line: a folder that is not an earlier
 * output of the same job is refused with exit 2 and left as it was; their own earlier output is replaced.
 */
class OutputFolderTest {
    @TempDir
    static Path dir;
    static Path raw;

    @BeforeAll
    static void oneSyntheticSample() {
        LocalSpark.session(); // the jobs' getOrCreate then join the tests' session
        raw = dir.resolve("raw");
        assertEquals(ExitCodes.OK, synth(raw));
    }

    static int synth(Path output) {
        return DfmvrCli.execute(new SynthJob(), "--output", output.toString(), "--subjects", "1", "--expressions",
                "1", "-Ddfmvr.synth.image-size=64");
    }

    static int ingest(Path output) {
        return DfmvrCli.execute(new IngestJob(), "--source", "synthetic", "--input", raw.toString(), "--output",
                output.toString(), "-Ddfmvr.ingest.image-size=64");
    }

    static Path foreignFolder(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("thesis.tex"), "important");
        Files.createDirectories(folder.resolve(IngestRunner.SHARDS)); // a user's folder that happens to be named v1
        return folder;
    }

    static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void givenAFolderHoldingAUsersFiles_whenSynthWritesThere_thenItExits2AndTheFilesAreKept() throws IOException {
        Path proj = foreignFolder("synth-proj");
        List<String> siblings = entries(dir);

        assertEquals(ExitCodes.USAGE, synth(proj));
        assertThat(proj.resolve("thesis.tex")).hasContent("important");
        assertThat(entries(proj)).containsExactly("thesis.tex", IngestRunner.SHARDS);
        assertThat(entries(dir)).isEqualTo(siblings);
    }

    @Test
    void givenAFolderHoldingAUsersFiles_whenIngestWritesThere_thenItExits2AndTheFilesAreKept() throws IOException {
        Path proj = foreignFolder("ingest-proj");

        assertEquals(ExitCodes.USAGE, ingest(proj));
        assertThat(proj.resolve("thesis.tex")).hasContent("important");
        assertThat(entries(proj)).containsExactly("thesis.tex", IngestRunner.SHARDS);
    }

    @Test
    void givenAnotherJobsOutput_whenIngestWritesThere_thenItExits2() throws IOException {
        List<String> before = entries(raw);
        assertEquals(ExitCodes.USAGE, ingest(raw)); // the synth output is not ingest's
        assertThat(entries(raw)).isEqualTo(before);
    }

    @Test
    void givenTheirOwnEarlierOutput_whenSynthAndIngestRunAgain_thenItIsReplacedAndStaysMarked() throws IOException {
        Files.writeString(raw.resolve("stale.txt"), "from an earlier synth run");
        assertEquals(ExitCodes.OK, synth(raw));
        assertThat(raw.resolve("stale.txt")).doesNotExist();
        assertThat(OutputOwnership.isMarked(new org.apache.hadoop.fs.Path(raw.toUri()), SynthRunner.JOB_KIND,
                new Configuration())).isTrue();

        Path shards = dir.resolve("shards");
        assertEquals(ExitCodes.OK, ingest(shards));
        assertEquals(ExitCodes.OK, ingest(shards));
        assertThat(OutputOwnership.isMarked(new org.apache.hadoop.fs.Path(shards.toUri()), IngestRunner.JOB_KIND,
                new Configuration())).isTrue();
        assertThat(shards.resolve(IngestRunner.SHARDS)).isDirectory();
    }
}
