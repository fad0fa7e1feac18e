package org.dfmvr.ingest;

import org.apache.spark.sql.Row;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** CelebAMask-HQ layout written here (photo + per-part binary masks at half resolution) through the ingest runner. */
@Tag("spark")
class CelebAMaskIngestTest {
    @TempDir
    Path dir;

    private static void mask(Path folder, int k, String part, int x, int y, int w, int h) throws IOException {
        BufferedImage m = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = m.createGraphics();
        g.setColor(Color.WHITE);
        g.fillOval(x, y, w, h);
        g.dispose();
        ImageIO.write(m, "png", folder.resolve(String.format("%05d_%s.png", k, part)).toFile());
    }

    @Test
    void givenPhotosWithPartMasks_whenIngested_thenLabelsAndWeightsAreStoredAndMissingMasksQuarantined()
            throws IOException {
        Path img = Files.createDirectories(dir.resolve("raw/CelebA-HQ-img"));
        Path anno = Files.createDirectories(dir.resolve("raw/CelebAMask-HQ-mask-anno/0"));
        for (int k = 0; k < 3; k++) {
            ImageIO.write(new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB), "jpg", img.resolve(k + ".jpg").toFile());
        }
        for (int k = 0; k < 2; k++) { // image 2 has no masks at all
            mask(anno, k, "skin", 12, 8, 40, 50);
            mask(anno, k, "hair", 10, 2, 44, 12); // painted after skin: the forehead top becomes background
            mask(anno, k, "l_eye", 20, 24, 6, 3);
            mask(anno, k, "r_eye", 38, 24, 6, 3);
            mask(anno, k, "nose", 29, 26, 6, 12);
            mask(anno, k, "u_lip", 24, 44, 16, 3);
            mask(anno, k, "l_lip", 24, 47, 16, 3);
        }
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.ingest.source", "celebamask",
                "dfmvr.ingest.input", dir.resolve("raw").toString(), "dfmvr.ingest.output", dir.resolve("out").toString(),
                "dfmvr.ingest.image-size", "64", "dfmvr.ingest.min-views", "1"));
        IngestSettings settings = IngestSettings.from(cfg);
        IngestSummary summary = IngestRunner.run(LocalSpark.session(), settings, new CelebAMaskReader(settings),
                Duration.ofSeconds(5));

        assertEquals(3, summary.read());
        assertEquals(2, summary.ok());
        Row q = LocalSpark.session().read().parquet(dir.resolve("out/_quarantine").toString()).first();
        assertThat(q.getString(3)).contains("no skin mask");

        MultiViewSample s = SampleRows.fromRow(LocalSpark.session().read().parquet(dir.resolve("out/v1").toString())
                .orderBy("sample_id").first());
        BufferedImage parse = ImageIO.read(new ByteArrayInputStream(s.views().get(0).parsePng()));
        int[] histogram = new int[10];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                histogram[parse.getRaster().getSample(x, y, 0)]++;
            }
        }
        for (int cls : List.of(0, 1, 4, 5, 6, 8, 9)) {
            assertThat(histogram[cls]).as("pixels of class %d", cls).isPositive();
        }
        assertThat(s.views().get(0).weightPng()).isNotNull();
    }
}
