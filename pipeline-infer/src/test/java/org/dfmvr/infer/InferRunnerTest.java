package org.dfmvr.infer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.PlyIo;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.train.TrainRunner;
import org.dfmvr.train.TrainSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The end-to-end check of the infer job: synth (6 subjects, 64 px) -> ingest -> train tiny (the real train job, two
 * short epochs) -> infer with that bundle over the shards, the raw photo folder and manifests of the same samples.
 * One training run serves every test. Checks the job's contract — both input paths give the same coefficients, the
 * mesh files parse with the model's topology, incremental counts, quarantine of hostile input, view labels — and not
 * accuracy (a two-epoch tiny network is far from converged).
 */
@Tag("slow")
@Tag("spark")
class InferRunnerTest {
    @TempDir
    static Path dir;
    static Path raw, shards, bundle;
    static MorphableModel model;

    @BeforeAll
    static void synthIngestAndTrainATinyBundle() throws IOException {
        raw = dir.resolve("raw");
        shards = dir.resolve("shards");
        Map<String, String> keys = new HashMap<>(Map.of(
                "dfmvr.synth.output", raw.toString(), "dfmvr.synth.subjects", "6",
                "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", raw.toString(),
                "dfmvr.ingest.output", shards.toString(), "dfmvr.ingest.image-size", "64"));
        DfmvrConfig cfg = DfmvrConfig.load(null, keys);
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(30));
        IngestSettings ingest = IngestSettings.from(cfg);
        assertEquals(6, IngestRunner.run(LocalSpark.session(), ingest, new SyntheticReader(ingest),
                Duration.ofSeconds(30)).ok());

        keys.putAll(Map.of("dfmvr.train.data", shards.toString(), "dfmvr.train.out", dir.resolve("train").toString(),
                "dfmvr.train.preset", "tiny", "dfmvr.train.epochs", "2", "dfmvr.train.batch-size-per-worker", "4",
                "dfmvr.train.lr.initial", "1e-3", "dfmvr.train.backend", "parameter-averaging",
                "dfmvr.train.averaging-frequency", "1"));
        TrainRunner.run(LocalSpark.session(), TrainSettings.from(DfmvrConfig.load(null, keys)), "");
        bundle = dir.resolve("train").resolve("bundle");
        model = FaceModels.load("synthface");
    }

    /** The trained bundle with {@code shift} added to every parameter: the same network, a new bundle version. */
    static void writeShiftedBundle(Path where, float shift) throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        ModelBundle.Loaded trained = ModelBundle.read(fs, new org.apache.hadoop.fs.Path(bundle.toString()));
        ComputationGraph graph = trained.graph();
        graph.params().addi(shift);
        ModelBundle.write(fs, new org.apache.hadoop.fs.Path(where.toString()), graph, trained.manifest().network(),
                trained.manifest().faceModel(), trained.manifest().coefficients(), Instant.EPOCH);
    }

    static InferSummary infer(Path input, Path out, Path model, String... extra) throws IOException {
        Map<String, String> keys = new HashMap<>(Map.of("dfmvr.infer.model", model.toString(),
                "dfmvr.infer.input", input.toString(), "dfmvr.infer.out", out.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            keys.put(extra[i], extra[i + 1]);
        }
        return InferRunner.run(LocalSpark.session(), InferSettings.from(DfmvrConfig.load(null, keys)),
                Duration.ofSeconds(30));
    }

    static List<Row> results(Path out) {
        return LocalSpark.session().read().parquet(out.resolve(InferRunner.RESULTS).toString())
                .orderBy("sample_id").collectAsList();
    }

    static List<Row> quarantine(Path out) {
        return LocalSpark.session().read().parquet(out.resolve(InferRunner.QUARANTINE).toString())
                .orderBy("sample_id").collectAsList();
    }

    /** subject/expression -> coefficients. */
    static Map<String, float[]> coefficients(Path out) {
        Map<String, float[]> map = new HashMap<>();
        for (Row r : results(out)) {
            List<Float> c = r.getList(r.fieldIndex("coefficients"));
            float[] a = new float[c.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = c.get(i);
            }
            String id = r.getString(0);
            map.put(id.substring(id.indexOf('/') + 1), a);
        }
        return map;
    }

    static void copySamples(Path to, int from, int until) throws IOException {
        try (Stream<Path> subjects = Files.list(raw)) {
            List<Path> dirs = subjects.filter(Files::isDirectory).sorted().toList().subList(from, until);
            for (Path subject : dirs) {
                try (Stream<Path> files = Files.walk(subject)) {
                    for (Path f : files.toList()) {
                        Path target = to.resolve(raw.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target);
                        }
                    }
                }
            }
        }
    }

    @Test
    void givenShardsAndTheRawFolderOfTheSameSamples_whenInferred_thenTheCoefficientsAgree() throws IOException {
        InferSummary fromShards = infer(shards, dir.resolve("out-shards"), bundle);
        InferSummary fromFolder = infer(raw, dir.resolve("out-folder"), bundle);
        assertEquals("shards", fromShards.inputKind());
        assertEquals("folder", fromFolder.inputKind());
        Map<String, float[]> a = coefficients(dir.resolve("out-shards"));
        Map<String, float[]> b = coefficients(dir.resolve("out-folder"));
        assertEquals(6, a.size());
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), 1e-4f, k);
        }
    }

    @Test
    void givenShardsWithLandmarks_whenInferredWithTheFitThenWithOtherFitSettingsThenWithout_thenEachRunRecomputes()
            throws IOException {
        Path out = dir.resolve("out-fit");
        InferSummary fitted = infer(shards, out, bundle);
        assertEquals(6, fitted.landmarkFitted());
        assertThat(fitted.landmarkFitFinalRmsPx()).isLessThan(fitted.landmarkFitInitialRmsPx());
        assertThat(results(out)).allSatisfy(r -> assertThat(r.getDouble(r.fieldIndex("landmark_fit_final_rms_px")))
                .isLessThan(r.getDouble(r.fieldIndex("landmark_fit_initial_rms_px"))));

        InferSummary otherSigma = infer(shards, out, bundle, "dfmvr.infer.landmark-fit.landmark-sigma-px", "2.0");
        assertEquals(6, otherSigma.reconstructed());

        InferSummary networkOnly = infer(shards, out, bundle, "dfmvr.infer.landmark-fit.enabled", "false");
        assertEquals(6, networkOnly.reconstructed());
        assertEquals(0, networkOnly.landmarkFitted());
        assertThat(networkOnly.landmarkFitInitialRmsPx()).isNull();
        assertThat(results(out)).allSatisfy(r -> assertThat(r.isNullAt(r.fieldIndex("landmark_fit_final_rms_px")))
                .isTrue());
    }

    @Test
    void givenObjOutput_whenRead_thenExpressionAndNeutralMeshesHaveTheModelTopologyAndColours() throws IOException {
        Path out = dir.resolve("out-obj");
        infer(shards, out, bundle, "dfmvr.infer.overlay", "true");
        Row r = results(out).get(0);
        TriangleMesh mesh = ObjIo.read(Path.of(java.net.URI.create(r.getString(r.fieldIndex("mesh_path")))));
        TriangleMesh neutral = ObjIo.read(Path.of(java.net.URI.create(
                r.getString(r.fieldIndex("neutral_mesh_path")))));
        for (TriangleMesh m : List.of(mesh, neutral)) {
            assertEquals(model.vertexCount(), m.vertexCount());
            assertEquals(model.triangleCount(), m.triangleCount());
            assertThat(m.hasColors()).isTrue();
        }
        assertThat(Files.size(Path.of(java.net.URI.create(r.getString(r.fieldIndex("overlay_path")))))).isPositive();
        String index = Files.readString(out.resolve(InferRunner.PREDICTIONS));
        assertThat(index).contains("\"dfmvr-predictions\"").contains(r.getString(0)).contains("synthface");
        assertThat(Files.exists(out.resolve(OutputFiles.stem(r.getString(0)) + ".obj"))).isTrue();
    }

    @Test
    void givenTextureBaking_whenInferred_thenBothObjsUseOneMaterialWhoseTextureIsTheBakedPng() throws IOException {
        Path out = dir.resolve("out-textured");
        infer(shards, out, bundle, "dfmvr.infer.texture.bake", "true", "dfmvr.infer.texture.size", "128");
        Row r = results(out).get(0);
        String stem = OutputFiles.stem(r.getString(0));
        Path texture = Path.of(java.net.URI.create(r.getString(r.fieldIndex("texture_path"))));
        assertEquals(out.resolve(stem + ".png"), texture);
        assertEquals(128, javax.imageio.ImageIO.read(texture.toFile()).getWidth());
        assertThat(Files.readString(out.resolve(stem + ".mtl"))).contains("map_Kd " + stem + ".png");
        String obj = Files.readString(out.resolve(stem + ".obj"));
        assertThat(obj).contains("mtllib " + stem + ".mtl\n");
        assertEquals(model.vertexCount(), obj.lines().filter(l -> l.startsWith("vt ")).count());
        assertThat(Files.readString(out.resolve(OutputFiles.NEUTRAL).resolve(stem + ".obj")))
                .contains("mtllib ../" + stem + ".mtl\n");
        TriangleMesh mesh = ObjIo.read(out.resolve(stem + ".obj"));
        assertEquals(model.vertexCount(), mesh.vertexCount());
        assertEquals(model.triangleCount(), mesh.triangleCount());
    }

    @Test
    void givenPlyOutput_whenRead_thenExpressionAndNeutralMeshesHaveTheModelTopologyAndColours() throws IOException {
        Path out = dir.resolve("out-ply");
        infer(shards, out, bundle, "dfmvr.infer.mesh-format", "ply");
        Row r = results(out).get(0);
        for (String column : List.of("mesh_path", "neutral_mesh_path")) {
            TriangleMesh mesh = PlyIo.read(Path.of(java.net.URI.create(r.getString(r.fieldIndex(column)))));
            assertEquals(model.vertexCount(), mesh.vertexCount());
            assertEquals(model.triangleCount(), mesh.triangleCount());
            assertThat(mesh.hasColors()).isTrue();
        }
    }

    @Test
    void givenAnArchive_whenRerunUnchangedThenGrownByTwoThenWithANewBundle_thenZeroThenTwoThenAllAreReconstructed()
            throws IOException {
        Path archive = dir.resolve("archive");
        Path out = dir.resolve("out-incremental");
        copySamples(archive, 0, 4);
        assertEquals(4, infer(archive, out, bundle).reconstructed());

        InferSummary unchanged = infer(archive, out, bundle);
        assertEquals(0, unchanged.reconstructed());
        assertEquals(4, unchanged.unchanged());

        copySamples(archive, 4, 6);
        InferSummary grown = infer(archive, out, bundle);
        assertEquals(2, grown.reconstructed());
        assertEquals(4, grown.unchanged());
        assertEquals(6, results(out).size());

        Path other = dir.resolve("bundle-other");
        writeShiftedBundle(other, 1e-3f);
        InferSummary rebundled = infer(archive, out, other);
        assertEquals(6, rebundled.reconstructed());
        assertEquals(6, results(out).size());
        assertThat(results(out)).allSatisfy(r -> assertEquals(rebundled.bundleVersion(), r.getString(2)));
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("_tmp-"));
        }
    }

    @Test
    void givenABombAPathEscapeASymlinkAndNoLandmarks_whenInferred_thenEachIsQuarantinedAndTheRestReconstructed()
            throws IOException {
        Path archive = dir.resolve("hostile");
        copySamples(archive, 0, 1);
        String subject = Files.list(archive).findFirst().orElseThrow().getFileName().toString();
        Files.createDirectories(archive.resolve("bomb"));
        Files.write(archive.resolve("bomb/front.png"), pngHeaderClaiming(40000, 40000));
        Files.createDirectories(archive.resolve("nolm"));
        Files.copy(archive.resolve(subject + "/e00/front.png"), archive.resolve("nolm/front.png"));
        Path outside = Files.writeString(dir.resolve("secret.png"), "not for you");
        Files.createSymbolicLink(archive.resolve("link.png"), outside);
        Path manifest = archive.resolve("manifest.csv");
        Files.writeString(manifest, String.join("\n", "subject,sample,left,front,right",
                subject + ",e00," + subject + "/e00/left.png," + subject + "/e00/front.png," + subject
                        + "/e00/right.png",
                "x,bomb,,bomb/front.png,",
                "x,passwd,,../../etc/passwd,",
                "x,symlink,,link.png,",
                "x,nolm,,nolm/front.png,"), StandardCharsets.UTF_8);
        Path out = dir.resolve("out-hostile");
        InferSummary s = infer(manifest, out, bundle, "dfmvr.ingest.detector.model", "");
        assertEquals("manifest", s.inputKind());
        assertEquals(1, s.reconstructed());
        assertEquals(4, s.quarantined());
        assertEquals(s.listed(), s.reconstructed() + s.unchanged() + s.quarantined());
        Map<String, String> reasons = new HashMap<>();
        for (Row q : quarantine(out)) {
            reasons.put(q.getString(q.fieldIndex("sample_id")), q.getString(q.fieldIndex("reason")));
        }
        assertThat(reasons.get("archive/x/bomb")).contains("header claims 40000x40000");
        assertThat(reasons.get("archive/x/passwd")).startsWith("path_escape").contains("outside the archive roots");
        assertThat(reasons.get("archive/x/symlink")).startsWith("path_escape").contains("symlink");
        // no landmark sidecar and the detector switched off (dfmvr.ingest.detector.model = "")
        assertThat(reasons.get("archive/x/nolm")).contains("no .lm68.txt sidecar")
                .contains("dfmvr.ingest.detector.model");
    }

    @Test
    void givenSingleAndTwoViewRowsInAManifest_whenInferred_thenEachRowIsLabelledWithItsViews() throws IOException {
        Path archive = dir.resolve("partial");
        copySamples(archive, 0, 1);
        String s = Files.list(archive).findFirst().orElseThrow().getFileName().toString();
        Path manifest = archive.resolve("manifest.csv");
        Files.writeString(manifest, String.join("\n", "subject,sample,left,front,right",
                s + ",single,," + s + "/e00/front.png,",
                s + ",two," + s + "/e00/left.png,," + s + "/e00/right.png"), StandardCharsets.UTF_8);
        Path out = dir.resolve("out-partial");
        assertEquals(2, infer(manifest, out, bundle).reconstructed());
        Map<String, Row> byId = new HashMap<>();
        results(out).forEach(r -> byId.put(r.getString(0), r));
        Row single = byId.get("archive/" + s + "/single");
        Row two = byId.get("archive/" + s + "/two");
        assertEquals(List.of("front"), single.getList(single.fieldIndex("views_present")));
        assertEquals(1, single.getInt(single.fieldIndex("view_count")));
        assertEquals(List.of("left", "right"), two.getList(two.fieldIndex("views_present")));
        List<Row> poses = two.getList(two.fieldIndex("poses"));
        assertThat(poses.stream().map(p -> p.getString(0) + "=" + p.getBoolean(1)))
                .containsExactly("left=true", "front=false", "right=true");
    }

    /** A PNG of only a signature and an IHDR chunk claiming {@code w x h} RGB pixels (no image data at all). */
    static byte[] pngHeaderClaiming(int w, int h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.writeBytes("IHDR");
        c.writeInt(w);
        c.writeInt(h);
        c.write(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(chunk.toByteArray());
        out.writeInt(13);
        out.write(chunk.toByteArray());
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }
}
