package org.dfmvr.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any Parquet table of the project (ingest shards, quarantine tables, infer and eval results) as JSON Lines plus one
 * file per binary cell, for tools without a Parquet reader: Debian's Python has none (no pyarrow, no fastparquet),
 * and the notebooks are run from Debian packages only (notebooks/README.md).
 *
 * <p>Layout: {@code <out>/rows.jsonl}, one JSON object per row with the table's own column names and nesting;
 * a binary cell (a PNG in every table we write) becomes the relative path of the file holding its bytes,
 * {@code blobs/<row>_<column path>.png}. Partition columns (e.g. {@code split}) are columns like the others.
 * {@code <out>/schema.txt} is Spark's tree of the table. Rows are taken in {@code sample_id} order when the table
 * has that column, so repeated exports are identical.
 */
public final class TableExport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TableExport() {
    }

    /** What an export wrote. */
    public record Summary(long rowsInTable, int rowsWritten, int blobs, Path rowsFile) {
    }

    /**
     * @throws IllegalArgumentException when {@code input} does not exist
     */
    public static Summary export(SparkSession spark, String input, Path out, int limit) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
        if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
            throw new IllegalArgumentException("--input: no such table " + input);
        }
        Dataset<Row> table = spark.read().parquet(input);
        if (List.of(table.columns()).contains("sample_id")) {
            table = table.orderBy("sample_id");
        }
        long total = table.count();
        List<Row> rows = table.limit(limit).collectAsList();
        Files.createDirectories(out.resolve("blobs"));
        Files.writeString(out.resolve("schema.txt"), table.schema().treeString());
        ObjectMapper mapper = new ObjectMapper();
        Path rowsFile = out.resolve("rows.jsonl");
        int[] blobs = {0};
        try (BufferedWriter w = Files.newBufferedWriter(rowsFile, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows.size(); i++) {
                ObjectNode json = struct(rows.get(i), table.schema(), out, String.format("%06d", i), blobs);
                w.write(mapper.writeValueAsString(json));
                w.newLine();
            }
        }
        return new Summary(total, rows.size(), blobs[0], rowsFile);
    }

    private static ObjectNode struct(Row row, StructType type, Path out, String name, int[] blobs) throws IOException {
        ObjectNode node = JSON.objectNode();
        StructField[] fields = type.fields();
        for (int f = 0; f < fields.length; f++) {
            node.set(fields[f].name(), value(row.isNullAt(f) ? null : row.get(f), fields[f].dataType(), out,
                    name + "_" + fields[f].name(), blobs));
        }
        return node;
    }

    private static com.fasterxml.jackson.databind.JsonNode value(Object v, DataType type, Path out, String name,
                                                                  int[] blobs) throws IOException {
        if (v == null) {
            return JSON.nullNode();
        }
        if (type instanceof BinaryType) {
            String file = "blobs/" + name + ".png";
            Files.write(out.resolve(file), (byte[]) v);
            blobs[0]++;
            return JSON.textNode(file);
        }
        if (type instanceof StructType st) {
            return struct((Row) v, st, out, name, blobs);
        }
        if (type instanceof ArrayType at) {
            ArrayNode array = JSON.arrayNode();
            @SuppressWarnings("unchecked") List<Object> items = scala.collection.JavaConverters.seqAsJavaList((Seq<Object>) v);
            for (int i = 0; i < items.size(); i++) {
                array.add(value(items.get(i), at.elementType(), out, name + i, blobs));
            }
            return array;
        }
        return JSON.pojoNode(v);
    }
}
