package org.dfmvr.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
class TableExportTest {
    private static final StructType VIEW = new StructType()
            .add("view", DataTypes.StringType, false)
            .add("image_png", DataTypes.BinaryType, false)
            .add("landmarks", DataTypes.createArrayType(DataTypes.FloatType), true);
    private static final StructType ROW = new StructType()
            .add("sample_id", DataTypes.StringType, false)
            .add("views", DataTypes.createArrayType(VIEW), false);

    @Test
    void givenNestedBinaryCells_whenExported_thenRowsAreJsonInSampleOrderAndImagesAreFilesWithTheSameBytes(
            @TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.session();
        byte[] b = {1, 2, 3}, a = {9, 8};
        spark.createDataFrame(List.of(
                RowFactory.create("s/b", List.of(RowFactory.create("front", b, List.of(1f, 2f)))),
                RowFactory.create("s/a", List.of(RowFactory.create("left", a, null)))), ROW)
                .write().parquet(dir.resolve("table").toString());

        TableExport.Summary s = TableExport.export(spark, dir.resolve("table").toString(), dir.resolve("out"), 10);

        assertEquals(2, s.rowsInTable());
        assertEquals(2, s.blobs());
        List<String> lines = Files.readAllLines(s.rowsFile());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("s/a", first.path("sample_id").asText());
        JsonNode view = first.path("views").get(0);
        assertEquals("left", view.path("view").asText());
        assertTrue(view.path("landmarks").isNull());
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("out").resolve(view.path("image_png").asText())));
        JsonNode second = new ObjectMapper().readTree(lines.get(1)).path("views").get(0);
        assertEquals(2.0, second.path("landmarks").get(1).asDouble());
        assertArrayEquals(b, Files.readAllBytes(dir.resolve("out").resolve(second.path("image_png").asText())));
    }

    @Test
    void givenALimit_whenExported_thenOnlyThatManyRowsAreWrittenAndTheTableSizeIsReported(@TempDir Path dir)
            throws Exception {
        SparkSession spark = LocalSpark.session();
        spark.range(5).write().parquet(dir.resolve("t").toString());

        TableExport.Summary s = TableExport.export(spark, dir.resolve("t").toString(), dir.resolve("out"), 3);

        assertEquals(5, s.rowsInTable());
        assertEquals(3, Files.readAllLines(s.rowsFile()).size());
    }

    @Test
    void givenAMissingTable_whenExported_thenTheErrorNamesThePath(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableExport.export(LocalSpark.session(), missing, dir.resolve("out"), 3));
        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }
}
