package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.output.OutputOwnership;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --out} through the command line: a folder that is not an earlier eval report is refused with exit 2
 * before anything is written, and left exactly as it was; an earlier report is replaced.
 */
class EvalOutputFolderTest {
    @TempDir
    static Path dir;
    static SyntheticEvalData data;

    @BeforeAll
    static void evalInputs() throws IOException {
        data = new SyntheticEvalData(dir.resolve("in"));
        LocalSpark.session(); // the job's getOrCreate then joins the tests' session
    }

    static int eval(Path out) {
        return DfmvrCli.execute(new EvalJob(), "--pred", "exact=" + data.exact, "--gt", data.gt.toString(),
                "--out", out.toString());
    }

    static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void givenAFolderHoldingAUsersFile_whenEvalWritesThere_thenItExits2AndTheFolderIsUntouched() throws IOException {
        Path proj = Files.createDirectories(dir.resolve("proj"));
        Files.writeString(proj.resolve("thesis.tex"), "important");
        List<String> siblings = entries(dir);

        assertEquals(ExitCodes.USAGE, eval(proj));
        assertThat(proj.resolve("thesis.tex")).hasContent("important");
        assertThat(entries(proj)).containsExactly("thesis.tex");
        assertThat(entries(dir)).isEqualTo(siblings); // no temporary or moved-aside folder either
    }

    @Test
    void givenThePredictionsFolderOfInfer_whenUsedAsTheReportFolder_thenItExits2AndEveryMeshIsKept()
            throws IOException {
        OutputOwnership.mark(new org.apache.hadoop.fs.Path(data.exact.toUri()), "infer", new Configuration());
        List<String> before = entries(data.exact);

        assertEquals(ExitCodes.USAGE, eval(data.exact));
        assertThat(entries(data.exact)).isEqualTo(before).anyMatch(n -> n.endsWith(".obj"));
    }

    @Test
    void givenAnEarlierReport_whenEvalRunsAgain_thenItIsReplacedAndStillMarked() throws IOException {
        Path report = dir.resolve("report");
        OutputOwnership.mark(new org.apache.hadoop.fs.Path(report.toUri()), EvalRunner.JOB_KIND, new Configuration());
        Files.writeString(report.resolve("stale.html"), "old");

        assertEquals(ExitCodes.OK, eval(report));
        assertThat(report.resolve("stale.html")).doesNotExist();
        assertThat(report.resolve(ReportWriter.SUMMARY_FILE)).exists();
        assertThat(OutputOwnership.isMarked(new org.apache.hadoop.fs.Path(report.toUri()), EvalRunner.JOB_KIND,
                new Configuration())).isTrue();
    }
}
