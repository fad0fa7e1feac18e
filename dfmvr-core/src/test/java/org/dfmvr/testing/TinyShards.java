package org.dfmvr.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.spark.SampleRows;
import scala.collection.JavaConverters;

/**
 * Shard rows of schema v1 with real PNG crops of a chosen size and nothing else (no landmarks, parse maps or ground
 * truth): for tests of what a job checks before it decodes anything, such as the crop size.
 */
public final class TinyShards {
    private TinyShards() {
    }

    /**
     * Writes {@code samples} rows of three views of {@code size} px crops into {@code <root>/v1}, split
     * {@code split}; returns {@code root}.
     */
    public static Path write(SparkSession spark, Path root, int samples, int size, String split) {
        byte[] png = grey(size);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            List<Row> views = new ArrayList<>();
            for (String view : ViewRecord.NAMES) {
                views.add(RowFactory.create(view, png, size, null, null, null, null, seq(List.of(1.0, 0.0, 0.0)),
                        "s" + i + "/" + view + ".png", null, null));
            }
            rows.add(RowFactory.create("tiny/s" + i + "/e00", "tiny/s" + i, "e00", "tiny", split,
                    SampleRows.SCHEMA_VERSION, seq(views), null, null, seq(List.of()), seq(List.of()),
                    seq(List.of())));
        }
        spark.createDataFrame(rows, SampleRows.SAMPLE).write().partitionBy("split")
                .parquet(root.resolve("v" + SampleRows.SCHEMA_VERSION).toString());
        return root;
    }

    private static byte[] grey(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toSeq();
    }
}
