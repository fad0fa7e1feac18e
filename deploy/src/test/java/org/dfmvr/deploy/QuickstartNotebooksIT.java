package org.dfmvr.deploy;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command on the built tree, then every notebook executed headless against its output (the
 * notebooks are checked the way a data scientist uses them: after a quick start). Slow: about four minutes of
 * quick start plus the notebooks (and a one-time Debian package install on a fresh machine).
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartNotebooksIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "quickstart-it").toAbsolutePath();

    private static String run(Path log, long minutes, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(minutes, TimeUnit.MINUTES), "timed out after " + minutes + " min: " + List.of(cmd));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "exit status of " + List.of(cmd) + ", output:\n" + out);
        return out;
    }

    @Test
    @Order(1)
    void givenTheBuiltTree_whenTheQuickStartRuns_thenEveryStageFinishesAndItBeatsTheMeanFace()
            throws Exception {
        Files.createDirectories(WORK.getParent());
        String out = run(WORK.resolveSibling("quickstart-it.log"), 20, ROOT.resolve("bin/dfmvr").toString(),
                "quickstart", "--work-dir", WORK.toString());
        assertThat(out).contains("quickstart done: report " + WORK.resolve("eval/report.html"));
        assertTrue(Files.isRegularFile(WORK.resolve("eval/report.html")));
        assertTrue(Files.isRegularFile(WORK.resolve("infer/predictions.json")));
        out.lines().filter(l -> l.contains("mean-face") || l.contains("baseline")).forEach(System.out::println);
        // issue 7's target: the printed reconstruction beats the mean-face baseline on the held-out subjects
        assertThat(out).contains("quickstart result: point-to-plane RMSE").contains("better by")
                .doesNotContain("NOT better");
    }

    @Test
    @Order(2)
    void givenAQuickStartOutput_whenEveryNotebookIsExecuted_thenNoCellFailsAndTheirFiguresAreWritten()
            throws Exception {
        assertTrue(Files.isRegularFile(WORK.resolve("eval/summary.json")), "needs the quick start of test 1");
        run(WORK.resolveSibling("notebooks-it.log"), 20, ROOT.resolve("notebooks/run-all.sh").toString(),
                WORK.toString());
        File[] notebooks = ROOT.resolve("notebooks").toFile().listFiles((d, n) -> n.endsWith(".ipynb"));
        assertThat(notebooks).hasSize(3);
        for (File nb : notebooks) {
            assertTrue(Files.isRegularFile(WORK.resolve("notebooks").resolve(nb.getName())), nb.getName());
            assertTrue(Files.isRegularFile(WORK.resolve("notebooks").resolve(nb.getName().replace(".ipynb", ".html"))));
        }
        for (String figure : List.of("ingest-grid.png", "loss-curves.png", "eval-distribution.png")) {
            assertTrue(Files.size(WORK.resolve("notebooks").resolve(figure)) > 1000, figure);
        }
    }
}
