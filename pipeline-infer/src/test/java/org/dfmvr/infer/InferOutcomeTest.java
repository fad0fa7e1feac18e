package org.dfmvr.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.testing.TinyShards;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What infer tells the user when its input is unusable, with an UNTRAINED tiny bundle (the network never runs here):
 * every sample quarantined ends with exit status 4 and the reasons on the console; crops of another size than the
 * bundle's are refused before any work, naming both sizes and the fix.
 */
@Tag("spark")
class InferOutcomeTest {
    @TempDir
    static Path dir;
    static Path bundle;

    @BeforeAll
    static void untrainedTinyBundle() throws IOException {
        bundle = dir.resolve("bundle");
        ModelBundle.write(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(bundle.toString()),
                new DfmvrNetworkBuilder(NetworkSpec.tiny()).build(), NetworkSpec.tiny(), "synthface",
                CoeffLayout.forModel(FaceModels.load("synthface"), 3), Instant.EPOCH);
    }

    /** Photos with no face and no landmark sidecar: nothing infer can align. */
    private static Path faceless(Path archive, String... samples) throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        for (String sample : samples) {
            Path folder = Files.createDirectories(archive.resolve(sample));
            for (String view : ViewRecord.NAMES) {
                Files.write(folder.resolve(view + ".png"), png.toByteArray());
            }
        }
        return archive;
    }

    @Test
    void givenEverySampleQuarantined_whenTheInferJobRuns_thenItExitsFourWithTheReasonsAndExamplesOnTheConsole()
            throws IOException {
        Path archive = faceless(dir.resolve("faceless"), "p1/e00", "p2/e00");
        Path out = dir.resolve("out-faceless");
        LocalSpark.session();

        PrintStream stdout = System.out, stderr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            rc = DfmvrCli.execute(new InferJob(), "--model", bundle.toString(), "--input", archive.toString(),
                    "--out", out.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        String console = o.toString(StandardCharsets.UTF_8);
        System.out.print(console + e.toString(StandardCharsets.UTF_8)); // what the user saw, kept in the test log
        assertThat(rc).isEqualTo(ExitCodes.QUARANTINE_LIMIT);
        assertThat(console).contains("== infer summary ==").contains("samples in: 2, out: 0, quarantined: 2")
                .contains("top quarantine reasons:").contains("2 x ").contains("p1/e00").contains("p2/e00")
                .contains("quarantine table: ").contains("out-faceless/" + InferRunner.QUARANTINE);
        assertThat(e.toString(StandardCharsets.UTF_8)).contains("infer failed: infer produced nothing from 2 samples");
        // the reasons are also where they always were: the committed quarantine table
        assertThat(InferRunnerTest.quarantine(out)).hasSize(2);
    }

    @Test
    void givenShardsOfAnotherCropSizeThanTheBundle_whenInferred_thenItFailsBeforeAnyWorkNamingBothSizesAndTheFix() {
        Path shards = TinyShards.write(LocalSpark.session(), dir.resolve("shards-32"), 2, 32, "test");
        Path out = dir.resolve("out-32");
        InferSettings settings = InferSettings.from(DfmvrConfig.load(null, Map.of("dfmvr.infer.model",
                "\"" + bundle + "\"", "dfmvr.infer.input", "\"" + shards + "\"", "dfmvr.infer.out", "\"" + out + "\"")));

        assertThatThrownBy(() -> InferRunner.run(LocalSpark.session(), settings, Duration.ofSeconds(5)))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("takes " + NetworkSpec.tiny().imageSize() + " px crops")
                .hasMessageContaining("hold [32] px crops")
                .hasMessageContaining("-Ddfmvr.ingest.image-size=" + NetworkSpec.tiny().imageSize());
        assertThat(out.resolve(InferRunner.RESULTS)).doesNotExist();
    }
}
