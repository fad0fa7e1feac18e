package org.dfmvr.ingest;

import org.apache.spark.sql.Row;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * synth (5 subjects) -> damage some samples -> ingest: a sample with an empty or non-finite ground-truth mesh or a
 * truncated view is quarantined with its reason, a symlink loop adds no phantom sample, and the others are written.
 * One ingest run serves every test.
 */
@Tag("spark")
class IngestIntegrityTest {
    @TempDir
    static Path dir;
    static IngestSummary summary;
    static Map<String, Row> quarantine = new HashMap<>();
    static List<Path> samples;

    @BeforeAll
    static void synthDamageAndIngest() throws IOException {
        Path raw = dir.resolve("raw");
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of(
                "dfmvr.synth.output", raw.toString(), "dfmvr.synth.subjects", "5", "dfmvr.synth.expressions", "1",
                "dfmvr.synth.image-size", "64", "dfmvr.ingest.source", "synthetic",
                "dfmvr.ingest.input", raw.toString(), "dfmvr.ingest.output", dir.resolve("shards").toString(),
                "dfmvr.ingest.image-size", "64"));
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(30));
        try (Stream<Path> s = Files.walk(raw)) {
            samples = s.filter(p -> p.getFileName().toString().equals(SyntheticLayout.MESH)).map(Path::getParent)
                    .sorted().toList();
        }
        Files.writeString(samples.get(0).resolve(SyntheticLayout.MESH), "");
        String mesh = Files.readString(samples.get(1).resolve(SyntheticLayout.MESH));
        Files.writeString(samples.get(1).resolve(SyntheticLayout.MESH), mesh.replaceFirst("(?m)^v \\S+", "v NaN"));
        byte[] front = Files.readAllBytes(samples.get(2).resolve("front.png"));
        Files.write(samples.get(2).resolve("front.png"), Arrays.copyOf(front, front.length / 2));
        Files.createSymbolicLink(samples.get(3).resolve("loop"), samples.get(3).getParent());
        for (Path sample : samples.subList(0, 3)) { // synth wrote Hadoop checksums; these files changed on purpose
            for (String name : List.of(SyntheticLayout.MESH, "front.png")) {
                Files.deleteIfExists(sample.resolve("." + name + ".crc"));
            }
        }

        IngestSettings settings = IngestSettings.from(cfg);
        summary = IngestRunner.run(LocalSpark.session(), settings, new SyntheticReader(settings),
                Duration.ofSeconds(30));
        for (Row r : LocalSpark.session().read().parquet(dir.resolve("shards").resolve(IngestRunner.QUARANTINE)
                .toString()).collectAsList()) {
            quarantine.put(r.getString(r.fieldIndex("sample_id")), r);
        }
    }

    private static String id(Path sample) {
        return "synthetic/" + sample.getParent().getFileName() + "/" + sample.getFileName();
    }

    private static String reason(Path sample) {
        Row q = quarantine.get(id(sample));
        assertThat(q).as("quarantine row of " + id(sample) + " in " + quarantine.keySet()).isNotNull();
        return q.getString(q.fieldIndex("stage")) + ": " + q.getString(q.fieldIndex("reason"));
    }

    @Test
    void givenDamagedSamples_whenIngested_thenOnlyTheyAreQuarantinedAndTheOthersWritten() {
        assertEquals(5, summary.read());
        assertEquals(2, summary.ok());
        assertThat(quarantine).containsOnlyKeys(id(samples.get(0)), id(samples.get(1)), id(samples.get(2)));
    }

    @Test
    void givenAnEmptyGroundTruthMesh_whenIngested_thenTheSampleIsQuarantinedAsEmpty() {
        assertThat(reason(samples.get(0))).startsWith("read: ").contains(SyntheticLayout.MESH)
                .contains("ground-truth mesh is empty");
    }

    @Test
    void givenANonFiniteGroundTruthVertex_whenIngested_thenTheSampleIsQuarantinedNamingTheVertex() {
        assertThat(reason(samples.get(1))).contains("vertex 1 (1-based) has a non-finite coordinate NaN");
    }

    @Test
    void givenATruncatedViewPng_whenIngested_thenTheSampleIsQuarantinedAsTruncated() {
        assertThat(reason(samples.get(2))).startsWith("decode: truncated or damaged image").contains("front.png");
    }

    @Test
    void givenASymlinkLoopInASampleFolder_whenIngested_thenNoPhantomSampleIsListed() {
        assertThat(quarantine.keySet()).noneMatch(id -> id.contains("loop"));
        assertEquals(5, summary.read(), "five synthetic samples, none made again through " + samples.get(3)
                + "/loop");
    }
}
