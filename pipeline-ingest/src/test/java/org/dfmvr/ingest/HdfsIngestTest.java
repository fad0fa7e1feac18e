package org.dfmvr.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.testing.MiniHdfs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingest reads raw files from and commits shards to a real (in-process) HDFS through hdfs:// URIs. */
@Tag("spark")
class HdfsIngestTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void givenARawDatasetOnHdfs_whenIngested_thenShardsQuarantineAndSummaryAreCommittedOnHdfs() throws IOException {
        try (MiniHdfs hdfs = new MiniHdfs()) {
            FileSystem fs = hdfs.fileSystem();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB), "png", png);
            for (String camera : new String[] {"080", "051", "190"}) {
                write(fs, "/raw/001_01_01_" + camera + "_07_cropped.png", png.toByteArray());
                write(fs, "/raw/001_01_01_" + camera + "_07_trans.5pt",
                        "44 52\n84 52\n64 74\n49 94\n79 94\n".getBytes(StandardCharsets.UTF_8));
            }
            write(fs, "/raw/002_01_01_051_07_cropped.png", png.toByteArray()); // a lone view: quarantined

            DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.ingest.source", "multipie",
                    "dfmvr.ingest.input", hdfs.uri() + "/raw", "dfmvr.ingest.output", hdfs.uri() + "/shards",
                    "dfmvr.ingest.image-size", "32"));
            IngestSettings settings = IngestSettings.from(cfg);
            IngestSummary summary = IngestRunner.run(LocalSpark.session(), settings, new MultiPieReader(settings),
                    Duration.ofSeconds(5));

            assertEquals(2, summary.read());
            assertEquals(1, summary.ok());
            assertTrue(fs.exists(new Path("/shards/" + IngestRunner.SUMMARY)));
            assertEquals(1, LocalSpark.session().read().parquet(hdfs.uri() + "/shards/v1").count());
            assertEquals(1, LocalSpark.session().read().parquet(hdfs.uri() + "/shards/_quarantine").count());
        }
    }

    private static void write(FileSystem fs, String path, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new Path(path))) {
            out.write(bytes);
        }
    }
}
