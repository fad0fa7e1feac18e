package org.dfmvr.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.spark.SampleRows;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Multi-PIE (TP-GAN crop layout) through the real ingest runner in local Spark: good triplets become shard rows,
 * every kind of bad input lands in quarantine with its reason, counts reconcile, and a second Parquet reader
 * (parquet-hadoop, no Spark) reads the same rows.
 */
@Tag("spark")
class MultiPieIngestTest {
    @TempDir
    static Path dir;
    static IngestSummary summary;
    static IngestSettings settings;

    /** Five points of a frontal face in a 128x128 crop (eyes, nose tip, mouth corners). */
    private static final double[][] POINTS = {{44, 52}, {84, 52}, {64, 74}, {49, 94}, {79, 94}};

    @BeforeAll
    static void ingestASmallMultiPieTree() throws IOException {
        Path raw = dir.resolve("raw");
        for (int subject = 1; subject <= 6; subject++) {
            for (String camera : List.of("080", "051", "190", "140")) { // 140 is another pose: ignored
                writeView(raw, String.format("%03d_01_01_%s_07", subject, camera));
            }
        }
        // subject 7: the right view is missing
        writeView(raw, "007_01_01_080_07");
        writeView(raw, "007_01_01_051_07");
        // subject 8: the front image is not an image
        for (String camera : List.of("080", "051", "190")) {
            writeView(raw, "008_01_01_" + camera + "_07");
        }
        Files.writeString(raw.resolve("008_01_01_051_07_cropped.png"), "not a png");
        // subject 9: a malformed five-point file
        for (String camera : List.of("080", "051", "190")) {
            writeView(raw, "009_01_01_" + camera + "_07");
        }
        Files.writeString(raw.resolve("009_01_01_190_07_trans.5pt"), "1 2\n3 4\n");

        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.ingest.source", "multipie",
                "dfmvr.ingest.input", raw.toString(), "dfmvr.ingest.output", dir.resolve("out").toString(),
                "dfmvr.ingest.image-size", "64"));
        settings = IngestSettings.from(cfg);
        summary = IngestRunner.run(LocalSpark.session(), settings, new MultiPieReader(settings), Duration.ofSeconds(1));
    }

    private static void writeView(Path raw, String stem) throws IOException {
        Files.createDirectories(raw);
        BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 160, 140));
        g.fillOval(24, 20, 80, 100);
        g.setColor(Color.BLACK);
        StringBuilder pts = new StringBuilder();
        for (double[] p : POINTS) {
            g.fillRect((int) p[0] - 1, (int) p[1] - 1, 3, 3);
            pts.append(p[0]).append(' ').append(p[1]).append('\n');
        }
        g.dispose();
        ImageIO.write(img, "png", raw.resolve(stem + "_cropped.png").toFile());
        Files.writeString(raw.resolve(stem + "_trans.5pt"), pts);
    }

    @Test
    void givenSixGoodTripletsAndThreeBadOnes_whenIngested_thenCountsReconcile() {
        assertEquals(9, summary.read());
        assertEquals(6, summary.ok());
        assertEquals(3, summary.quarantined());
        assertEquals(6, summary.perSplit().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void givenBadInputs_whenIngested_thenEachIsQuarantinedWithItsStageAndReason() {
        SparkSession spark = LocalSpark.session();
        List<Row> q = spark.read().parquet(dir.resolve("out").resolve(IngestRunner.QUARANTINE).toString())
                .orderBy("sample_id").collectAsList();
        assertEquals(3, q.size());
        assertThat(q.get(0).getString(1)).isEqualTo("multipie/007/01_01_07");
        assertThat(q.get(0).getString(3)).contains("missing_view");
        assertThat(q.get(1).getString(2)).isEqualTo("decode");
        assertThat(q.get(1).getString(3)).contains("008_01_01_051_07_cropped.png");
        assertThat(q.get(2).getString(3)).contains("009_01_01_190_07_trans.5pt").contains("expected 5 lines");
    }

    @Test
    void givenTheShards_whenReadWithSpark_thenRowsHaveSchemaV1AndThreeAlignedViews() {
        Dataset<Row> shards = LocalSpark.session().read()
                .parquet(dir.resolve("out").resolve(IngestRunner.SHARDS).toString());
        assertEquals(6, shards.count());
        for (Row r : shards.collectAsList()) {
            MultiViewSample s = SampleRows.fromRow(r);
            assertEquals(List.of("left", "front", "right"), s.views().stream().map(v -> v.view()).toList());
            assertEquals(64, s.views().get(0).size());
            assertThat(s.flags()).contains("no_parse", "no_lm68");
            assertEquals(6, s.inputPaths().size());
        }
    }

    @Test
    void givenTheShards_whenReadWithParquetHadoopDirectly_thenTheSameSampleIdsComeBack() throws IOException {
        List<String> ids = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("out").resolve(IngestRunner.SHARDS))) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        for (Path f : files) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(f.toUri())).withConf(new Configuration()).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    ids.add(g.getString("sample_id", 0));
                    assertEquals(1, g.getInteger("schema_version", 0));
                }
            }
        }
        assertThat(ids).hasSize(6).allMatch(id -> id.startsWith("multipie/00"));
    }

    @Test
    void givenTheSameInputs_whenIngestedAgain_thenTheSameRowsReplaceTheOldOutputWhole() throws IOException {
        Dataset<Row> before = LocalSpark.session().read()
                .parquet(dir.resolve("out").resolve(IngestRunner.SHARDS).toString()).select("sample_id", "input_sha256");
        List<Row> first = before.orderBy("sample_id").collectAsList();
        IngestSummary again = IngestRunner.run(LocalSpark.session(), settings, new MultiPieReader(settings),
                Duration.ofSeconds(1));
        List<Row> second = LocalSpark.session().read()
                .parquet(dir.resolve("out").resolve(IngestRunner.SHARDS).toString()).select("sample_id", "input_sha256")
                .orderBy("sample_id").collectAsList();
        assertEquals(summary.ok(), again.ok());
        assertEquals(first, second);
        try (Stream<Path> top = Files.list(dir.resolve("out"))) {
            assertThat(top.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList())
                    .containsExactlyInAnyOrder(IngestRunner.SHARDS, IngestRunner.QUARANTINE, IngestRunner.SUMMARY,
                            org.dfmvr.output.OutputOwnership.MARKER);
        }
    }

    @Test
    void givenTheAlignedFrontView_whenTheNoseTipIsLocated_thenItIsAtTheCropCentre() throws IOException {
        Row r = LocalSpark.session().read().parquet(dir.resolve("out").resolve(IngestRunner.SHARDS).toString()).first();
        MultiViewSample s = SampleRows.fromRow(r);
        BufferedImage front = ImageIO.read(new java.io.ByteArrayInputStream(s.views().get(1).imagePng()));
        // the template puts the nose tip at the crop centre: the dark 3x3 marker must be there
        int centre = front.getRGB(32, 32) & 0xff;
        int skin = front.getRGB(32, 20) & 0xff;
        assertThat(centre).isLessThan(skin);
        FileSystem.closeAll();
    }
}
