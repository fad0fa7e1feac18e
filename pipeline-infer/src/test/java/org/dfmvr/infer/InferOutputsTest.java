package org.dfmvr.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.ingest.BadInputException;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.output.OutputOwnership;
import org.dfmvr.output.SampleFileNames;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What infer does to its output folder and to sample names: it never writes into a folder it did not write, never
 * lets two samples share a file, and never loses earlier results because the input shrank or went empty. One
 * rendered synthetic sample is copied under many folder names; the bundle is an untrained tiny network (the names
 * and files are checked here, not the reconstructions).
 */
@Tag("spark")
class InferOutputsTest {
    @TempDir
    static Path dir;
    static Path sample;
    static Path bundle;

    @BeforeAll
    static void oneRenderedSampleAndAnUntrainedBundle() throws IOException {
        Path raw = dir.resolve("raw");
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.synth.output", raw.toString(),
                "dfmvr.synth.subjects", "1", "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "64"));
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(30));
        try (Stream<Path> found = Files.walk(raw)) {
            sample = found.filter(p -> p.getFileName().toString().equals("front.png")).findFirst().orElseThrow()
                    .getParent();
        }
        bundle = dir.resolve("bundle");
        NetworkSpec spec = NetworkSpec.tiny();
        ModelBundle.write(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(bundle.toString()),
                new DfmvrNetworkBuilder(spec).build(), spec, "synthface",
                CoeffLayout.forModel(FaceModels.load("synthface"), spec.views()), Instant.EPOCH);
    }

    /** Copies the rendered sample's views and landmark sidecars into {@code archive/<folder>}. */
    static void place(Path archive, String folder) throws IOException {
        Path to = Files.createDirectories(archive.resolve(folder));
        for (String view : List.of("left", "front", "right")) {
            Files.copy(sample.resolve(view + ".png"), to.resolve(view + ".png"));
            Files.copy(sample.resolve(view + ".lm68.txt"), to.resolve(view + ".lm68.txt"));
        }
    }

    static InferSummary infer(Path input, Path out, String... extra) throws IOException {
        Map<String, String> keys = new HashMap<>(Map.of("dfmvr.infer.model", bundle.toString(),
                "dfmvr.infer.input", input.toString(), "dfmvr.infer.out", out.toString(),
                "dfmvr.infer.landmark-fit.enabled", "false"));
        for (int i = 0; i < extra.length; i += 2) {
            keys.put(extra[i], extra[i + 1]);
        }
        return InferRunner.run(LocalSpark.session(), InferSettings.from(DfmvrConfig.load(null, keys)),
                Duration.ofSeconds(30));
    }

    static int cli(String... args) {
        LocalSpark.session(); // the job's getOrCreate then joins the tests' session
        return DfmvrCli.execute(new InferJob(), args);
    }

    static Map<String, Row> results(Path out) {
        Map<String, Row> byId = new HashMap<>();
        LocalSpark.session().read().parquet(out.resolve(InferRunner.RESULTS).toString()).collectAsList()
                .forEach(r -> byId.put(r.getString(0), r));
        return byId;
    }

    static Map<String, String> quarantine(Path out) {
        Map<String, String> reasons = new HashMap<>();
        for (Row q : LocalSpark.session().read().parquet(out.resolve(InferRunner.QUARANTINE).toString())
                .collectAsList()) {
            reasons.merge(q.getString(q.fieldIndex("sample_id")), q.getString(q.fieldIndex("reason")),
                    (a, b) -> a + " | " + b);
        }
        return reasons;
    }

    static Path meshOf(Row r) {
        return Path.of(new org.apache.hadoop.fs.Path(r.getString(r.fieldIndex("mesh_path"))).toUri().getPath());
    }

    @Test
    void givenFoldersTheOldNamingMergedOrCouldNotName_whenInferred_thenEverySampleHasItsOwnRowAndMesh()
            throws IOException {
        Path archive = dir.resolve("collide");
        List<String> folders = List.of("a__b/c", "a/b__c", "siteX/dup/e00", "siteY/dup/e00", "a:b/x",
                "100% #1/é 漢字", "under_/_score");
        for (String f : folders) {
            place(archive, f);
        }
        Path out = dir.resolve("out-collide");
        InferSummary s = infer(archive, out);

        assertEquals(folders.size(), s.listed());
        assertEquals(folders.size(), s.reconstructed());
        assertEquals(0, s.quarantined());
        Map<String, Row> rows = results(out);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(folders.stream().map(f -> "archive/" + f)
                .toList());
        Set<Path> meshes = new HashSet<>();
        for (Row r : rows.values()) {
            Path mesh = meshOf(r);
            assertThat(mesh).exists().hasFileName(SampleFileNames.stem(r.getString(0)) + ".obj");
            meshes.add(mesh);
        }
        assertThat(meshes).hasSize(folders.size());
        JsonNode predictions = new ObjectMapper().readTree(out.resolve(InferRunner.PREDICTIONS).toFile());
        List<String> listed = new ArrayList<>();
        predictions.path("samples").forEach(n -> listed.add(n.path("sample_id").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(rows.keySet());
    }

    @Test
    void givenAManifestThatNamesOneSampleTwice_whenInferred_thenBothRowsAreQuarantinedAndNothingIsMerged()
            throws IOException {
        Path archive = dir.resolve("manifest-dup");
        place(archive, "p/one");
        place(archive, "p/two");
        Path manifest = archive.resolve("manifest.csv");
        Files.writeString(manifest, String.join("\n", "subject,sample,left,front,right",
                "s,e00,,p/one/front.png,", "s,e00,,p/two/front.png,", "s,ok,,p/one/front.png,"),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("out-manifest-dup");
        InferSummary s = infer(manifest, out);

        assertEquals(1, s.reconstructed());
        assertThat(results(out)).containsOnlyKeys("archive/s/ok");
        List<Row> q = LocalSpark.session().read().parquet(out.resolve(InferRunner.QUARANTINE).toString())
                .collectAsList();
        assertThat(q).hasSize(2).allSatisfy(r -> {
            assertEquals("archive/s/e00", r.getString(r.fieldIndex("sample_id")));
            assertThat(r.getString(r.fieldIndex("reason"))).startsWith("duplicate_id");
        });
        assertThat(q.stream().map(r -> r.getString(r.fieldIndex("input_path")))).containsExactlyInAnyOrder(
                "file:" + manifest + ":2", "file:" + manifest + ":3");
    }

    @Test
    void givenAnOutFolderHoldingAUsersFile_whenInferRuns_thenItExits2AndTheFileIsStillThere() throws IOException {
        Path archive = dir.resolve("foreign-in");
        place(archive, "s/e00");
        Path foreign = Files.createDirectories(dir.resolve("thesis"));
        Files.writeString(foreign.resolve("thesis.tex"), "important");
        Files.createDirectories(foreign.resolve("_tmp-mine"));

        assertEquals(ExitCodes.USAGE, cli("--model", bundle.toString(), "--input", archive.toString(), "--out",
                foreign.toString()));
        assertThat(foreign.resolve("thesis.tex")).hasContent("important");
        assertThat(foreign.resolve("_tmp-mine")).isDirectory(); // not taken for a crashed run's folder
        assertThat(foreign.toFile().list()).containsExactlyInAnyOrder("thesis.tex", "_tmp-mine");
    }

    @Test
    void givenAnEarlierRun_whenTheInputIsEmpty_thenInferFailsNamingTheInputAndKeepsEveryMesh() throws IOException {
        Path archive = dir.resolve("mounted");
        place(archive, "s/e00");
        place(archive, "s/e01");
        Path out = dir.resolve("out-unmounted");
        assertEquals(2, infer(archive, out).reconstructed());
        Path empty = Files.createDirectories(dir.resolve("unmounted"));

        assertThatThrownBy(() -> infer(empty, out)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("lists no samples");
        assertEquals(ExitCodes.FAILED, cli("--model", bundle.toString(), "--input", empty.toString(), "--out",
                out.toString(), "--remove-missing", "-Ddfmvr.infer.landmark-fit.enabled=false"));
        assertThat(results(out)).hasSize(2).allSatisfy((id, r) -> assertThat(meshOf(r)).exists());
    }

    @Test
    void givenSamplesGoneFromTheInput_whenInferred_thenTheyAreKeptUnlessRemovingThemIsAsked() throws IOException {
        Path archive = dir.resolve("shrinking");
        place(archive, "s/e00");
        place(archive, "s/e01");
        Path out = dir.resolve("out-shrinking");
        assertEquals(2, infer(archive, out).reconstructed());
        Path gone = meshOf(results(out).get("archive/s/e01"));
        deleteTree(archive.resolve("s/e01"));

        InferSummary kept = infer(archive, out);
        assertEquals(1, kept.unchanged());
        assertThat(results(out)).containsOnlyKeys("archive/s/e00", "archive/s/e01");
        assertThat(gone).exists();

        infer(archive, out, "dfmvr.infer.remove-missing", "true");
        assertThat(results(out)).containsOnlyKeys("archive/s/e00");
        assertThat(gone).doesNotExist();
        assertThat(meshOf(results(out).get("archive/s/e00"))).exists();
        assertThat(OutputOwnership.isMarked(new org.apache.hadoop.fs.Path(out.toUri()), InferRunner.JOB_KIND,
                new Configuration())).isTrue();
    }

    @Test
    void givenSampleFolders_whenListed_thenTheIdKeepsEveryLevelUnderTheRoot() {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("file:/data/archive");
        assertEquals("archive/siteX/dup/e00", PhotoArchiveReader.sampleId(root,
                new org.apache.hadoop.fs.Path(root, "siteX/dup/e00")));
        assertEquals("archive/subject/e00", PhotoArchiveReader.sampleId(root,
                new org.apache.hadoop.fs.Path(root, "subject/e00")));
        assertEquals("archive/archive/e00", PhotoArchiveReader.sampleId(root,
                new org.apache.hadoop.fs.Path(root, "e00")));
        assertEquals("archive/data/archive", PhotoArchiveReader.sampleId(root, root));
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
