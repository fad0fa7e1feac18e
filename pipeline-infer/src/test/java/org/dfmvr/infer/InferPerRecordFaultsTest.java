package org.dfmvr.infer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile records in one photo folder and one manifest, each next to good samples: every bad one is quarantined with
 * its id, stage and reason, the job finishes and the good samples are reconstructed. Runs an UNTRAINED tiny bundle
 * (this is about record handling, not accuracy) over synthetic photos with landmark sidecars; one folder run and one
 * manifest run serve every test.
 */
@Tag("spark")
class InferPerRecordFaultsTest {
    @TempDir
    static Path dir;
    static InferSummary folderRun, manifestRun;
    static Map<String, Row> folderQuarantine, manifestQuarantine;
    static List<String> folderResults, manifestResults;

    @BeforeAll
    static void inferAHostileFolderAndAHostileManifest() throws IOException {
        Path raw = dir.resolve("raw");
        DfmvrConfig synth = DfmvrConfig.load(null, Map.of("dfmvr.synth.output", raw.toString(),
                "dfmvr.synth.subjects", "3", "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "64"));
        SynthRunner.run(LocalSpark.session(), SynthJob.job(synth), Duration.ofSeconds(30));
        Path bundle = dir.resolve("bundle");
        ModelBundle.write(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(bundle.toString()),
                new DfmvrNetworkBuilder(NetworkSpec.tiny()).build(), NetworkSpec.tiny(), "synthface",
                CoeffLayout.forModel(FaceModels.load("synthface"), 3), Instant.EPOCH);
        List<Path> samples;
        try (Stream<Path> s = Files.walk(raw)) {
            samples = s.filter(p -> p.getFileName().toString().equals("front.png")).map(Path::getParent).sorted()
                    .toList();
        }

        Path folder = dir.resolve("folder");
        copy(samples.get(0), folder.resolve("good/a"));
        copy(samples.get(1), folder.resolve("good/b"));
        Path twice = copy(samples.get(2), folder.resolve("case/twice"));
        Files.copy(twice.resolve("front.png"), twice.resolve("FRONT.PNG"));
        Path cut = copy(samples.get(2), folder.resolve("cut/half"));
        byte[] jpeg = jpeg(Files.readAllBytes(cut.resolve("front.png")));
        Files.delete(cut.resolve("front.png"));
        Files.write(cut.resolve("front.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Path nan = copy(samples.get(2), folder.resolve("nan/lm"));
        List<String> lines = Files.readAllLines(nan.resolve("left.lm68.txt"));
        lines.set(0, "NaN 12.5");
        Files.write(nan.resolve("left.lm68.txt"), lines);
        Files.createSymbolicLink(folder.resolve("good/a/loop"), folder.resolve("good"));
        folderRun = infer(folder, dir.resolve("out-folder"), bundle);
        folderQuarantine = byId(InferRunnerTest.quarantine(dir.resolve("out-folder")));
        folderResults = InferRunnerTest.results(dir.resolve("out-folder")).stream().map(r -> r.getString(0)).toList();

        Path manifest = folder.resolve("manifest.csv");
        Files.writeString(manifest, String.join("\n", "subject,sample,left,front,right",
                "good,a,good/a/left.png,good/a/front.png,good/a/right.png",
                "remote,x,,hdfs://host/x.png,",
                "short,row,good/b/front.png",
                "good,b,,good/b/front.png,"), StandardCharsets.UTF_8);
        manifestRun = infer(manifest, dir.resolve("out-manifest"), bundle);
        manifestQuarantine = byId(InferRunnerTest.quarantine(dir.resolve("out-manifest")));
        manifestResults = InferRunnerTest.results(dir.resolve("out-manifest")).stream().map(r -> r.getString(0))
                .toList();
    }

    private static InferSummary infer(Path input, Path out, Path bundle) throws IOException {
        return InferRunner.run(LocalSpark.session(), InferSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.infer.model", bundle.toString(), "dfmvr.infer.input", input.toString(),
                "dfmvr.infer.out", out.toString(), "dfmvr.infer.landmark-fit.enabled", "false"))),
                Duration.ofSeconds(30));
    }

    /** Copies a synthetic sample's three views and their landmark sidecars into {@code to}. */
    private static Path copy(Path sample, Path to) throws IOException {
        Files.createDirectories(to);
        for (String view : List.of("left", "front", "right")) {
            Files.copy(sample.resolve(view + ".png"), to.resolve(view + ".png"));
            Files.copy(sample.resolve(view + ".lm68.txt"), to.resolve(view + ".lm68.txt"));
        }
        return to;
    }

    private static byte[] jpeg(byte[] png) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(new java.io.ByteArrayInputStream(png)), "jpg", out);
        return out.toByteArray();
    }

    private static Map<String, Row> byId(List<Row> rows) {
        Map<String, Row> out = new HashMap<>();
        rows.forEach(r -> out.put(r.getString(r.fieldIndex("sample_id")), r));
        return out;
    }

    private static String reason(Row q) {
        return q.getString(q.fieldIndex("stage")) + ": " + q.getString(q.fieldIndex("reason"));
    }

    @Test
    void givenAFolderWithBadSamples_whenInferred_thenTheGoodOnesAreReconstructedAndEveryOtherIsQuarantined() {
        assertThat(folderResults).containsExactlyInAnyOrder("archive/good/a", "archive/good/b");
        assertThat(folderQuarantine).containsOnlyKeys("archive/case/twice", "archive/cut/half", "archive/nan/lm");
        assertEquals(folderRun.listed(), folderRun.reconstructed() + folderRun.quarantined());
    }

    @Test
    void givenFrontPngBesideFRONTPNG_whenListed_thenTheSampleIsQuarantinedAsAmbiguousNamingBothFiles() {
        assertThat(reason(folderQuarantine.get("archive/case/twice"))).startsWith("list: ambiguous_view")
                .contains("FRONT.PNG").contains("front.png");
    }

    @Test
    void givenAJpegTruncatedToHalf_whenInferred_thenItIsQuarantinedAsTruncatedNotReconstructedWithGrey() {
        assertThat(reason(folderQuarantine.get("archive/cut/half"))).startsWith("decode: truncated or damaged image")
                .contains("front.jpg");
    }

    @Test
    void givenANanLandmarkInASidecar_whenInferred_thenTheSampleIsQuarantinedNamingFileAndLine() {
        assertThat(reason(folderQuarantine.get("archive/nan/lm"))).startsWith("read: ")
                .contains("left.lm68.txt line 1").contains("not finite");
    }

    @Test
    void givenASymlinkLoopInTheFolder_whenListed_thenNoPhantomSampleIsMadeFromTheSamePhotos() {
        assertEquals(5, folderRun.listed(), "good/a, good/b and the three bad samples, nothing under good/a/loop");
    }

    @Test
    void givenAManifestCellOfAForeignFilesystemAndAShortRow_whenInferred_thenEachIsQuarantinedWithItsLineNumber() {
        assertThat(manifestResults).containsExactlyInAnyOrder("archive/good/a", "archive/good/b");
        assertThat(reason(manifestQuarantine.get("archive/remote/x"))).startsWith("list: ")
                .contains("manifest.csv line 3").contains("hdfs://host/x.png");
        assertThat(manifestQuarantine.values()).map(InferPerRecordFaultsTest::reason)
                .anySatisfy(r -> assertThat(r).contains("manifest.csv line 4").contains("expected 5 cells"));
        assertEquals(4, manifestRun.listed());
        assertEquals(2, manifestRun.quarantined());
    }
}
