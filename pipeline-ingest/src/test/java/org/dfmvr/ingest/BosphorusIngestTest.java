package org.dfmvr.ingest;

import org.apache.spark.sql.Row;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.io.BntScanTest;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bosphorus scans (.bnt + .png + .lm2, written here in the documented formats) through the ingest runner. */
@Tag("spark")
class BosphorusIngestTest {
    @TempDir
    Path dir;

    private static final String LM2 = """
            # Bosphorus 2D landmarks
            7 landmarks
            Outer right eye corner
            Inner right eye corner
            Inner left eye corner
            Outer left eye corner
            Nose tip
            Right mouth corner
            %s
            30 40
            45 40
            65 40
            80 40
            55 60
            40 80
            """;

    private void scan(Path raw, String stem, byte[] bnt, String lm2) throws IOException {
        Files.write(raw.resolve(stem + ".bnt"), bnt);
        Files.writeString(raw.resolve(stem + ".lm2"), lm2);
        ImageIO.write(new BufferedImage(110, 120, BufferedImage.TYPE_INT_RGB), "png", raw.resolve(stem + ".png").toFile());
    }

    @Test
    void givenGoodAndBrokenScans_whenIngested_thenGoodOnesCarryTheirMeshAndBrokenOnesAreQuarantined() throws IOException {
        Path raw = Files.createDirectories(dir.resolve("raw/bs001"));
        String goodLm2 = LM2.formatted("Left mouth corner") + "70 80\n";
        scan(raw, "bs001_N_N_0", BntScanTest.bnt(4, 5), goodLm2);
        scan(raw, "bs001_E_HAPPY_0", BntScanTest.bnt(4, 5), goodLm2);
        byte[] full = BntScanTest.bnt(4, 5);
        scan(raw, "bs001_E_SAD_0", Arrays.copyOf(full, full.length - 16), goodLm2);              // truncated scan
        scan(raw, "bs001_E_FEAR_0", BntScanTest.bnt(4, 5), LM2.formatted("Chin middle") + "55 100\n"); // no mouth corner

        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.ingest.source", "bosphorus",
                "dfmvr.ingest.input", dir.resolve("raw").toString(), "dfmvr.ingest.output", dir.resolve("out").toString(),
                "dfmvr.ingest.image-size", "32", "dfmvr.ingest.min-views", "1"));
        IngestSettings settings = IngestSettings.from(cfg);
        IngestSummary summary = IngestRunner.run(LocalSpark.session(), settings, new BosphorusReader(settings),
                Duration.ofSeconds(5));

        assertEquals(4, summary.read());
        assertEquals(2, summary.ok());
        List<Row> q = LocalSpark.session().read().parquet(dir.resolve("out/_quarantine").toString())
                .orderBy("sample_id").collectAsList();
        assertThat(q.get(0).getString(3)).contains("Left mouth corner");
        assertThat(q.get(1).getString(3)).contains("bs001_E_SAD_0.bnt").contains("truncated");
        MultiViewSample ok = SampleRows.fromRow(LocalSpark.session().read()
                .parquet(dir.resolve("out/v1").toString()).orderBy("sample_id").first());
        assertEquals("bosphorus/bs001/E_HAPPY_0", ok.sampleId());
        assertThat(ok.gtMeshUri()).endsWith("bs001_E_HAPPY_0.bnt");
        assertEquals(List.of("front"), ok.views().stream().map(v -> v.view()).toList());
    }
}
