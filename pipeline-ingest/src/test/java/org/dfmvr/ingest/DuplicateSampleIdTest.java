package org.dfmvr.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two inputs that map to one sample id are both quarantined, never merged into one row or read twice. */
class DuplicateSampleIdTest {
    @TempDir
    Path dir;

    @Test
    void givenASyntheticSampleCopiedUnderAnotherFolder_whenIngested_thenBothCopiesAreQuarantinedAndTheRestIsKept()
            throws IOException {
        Path raw = dir.resolve("raw");
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.synth.output", raw.toString(),
                "dfmvr.synth.subjects", "2", "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", raw.toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "64"));
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(30));
        copyTree(raw.resolve("s0000"), raw.resolve("siteY/s0000"));

        IngestSettings settings = IngestSettings.from(cfg);
        IngestSummary s = IngestRunner.run(LocalSpark.session(), settings, new SyntheticReader(settings),
                Duration.ofSeconds(30));

        assertEquals(3, s.read());
        assertEquals(1, s.ok());
        List<Row> q = LocalSpark.session().read().parquet(dir.resolve("shards").resolve(IngestRunner.QUARANTINE)
                .toString()).collectAsList();
        assertThat(q).hasSize(2).allSatisfy(r -> {
            assertEquals("synthetic/s0000/e00", r.getString(r.fieldIndex("sample_id")));
            assertThat(r.getString(r.fieldIndex("reason"))).startsWith("duplicate_id: 2 inputs")
                    .contains("siteY/s0000/e00");
        });
    }

    @Test
    void givenOneMultiPieViewInTwoFolders_whenListed_thenThatSampleIsQuarantinedNotMerged() throws IOException {
        Path raw = dir.resolve("multipie");
        for (String f : List.of("copyA/001_01_01_051_07_cropped.png", "copyB/001_01_01_051_07_cropped.png",
                "copyA/002_01_01_051_07_cropped.png")) {
            Files.createDirectories(raw.resolve(f).getParent());
            Files.writeString(raw.resolve(f), "listing only reads names");
        }
        IngestSettings settings = IngestSettings.from(DfmvrConfig.load(null, Map.of("dfmvr.ingest.min-views", "1")));
        DatasetReader.Listing listing = new MultiPieReader(settings).list(FileSystem.getLocal(new Configuration()),
                raw.toString());

        assertThat(listing.samples()).extracting(SampleRef::sampleId).containsExactly("multipie/002/01_01_07");
        assertThat(listing.quarantined()).singleElement().satisfies(b -> {
            assertEquals("multipie/001/01_01_07", b.sampleId());
            assertThat(b.reason()).startsWith("duplicate_id").contains("copyA").contains("copyB");
        });
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
