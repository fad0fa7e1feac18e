package org.dfmvr.spark;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/dataset-schema.md shows the exact schema trees; this keeps the page and the code identical. */
class SampleRowsSchemaTest {
    private static List<String> fencedBlocksOf(Path doc) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("```")) {
                if (cur == null) {
                    cur = new StringBuilder();
                } else {
                    blocks.add(cur.toString());
                    cur = null;
                }
            } else if (cur != null) {
                cur.append(line).append('\n');
            }
        }
        return blocks;
    }

    private static String documented(String firstLine) throws IOException {
        return fencedBlocksOf(Path.of("..", "docs", "dataset-schema.md")).stream()
                .filter(b -> b.startsWith("root\n |-- " + firstLine)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/dataset-schema.md has no tree starting with " + firstLine));
    }

    private static void assertDocumented(StructType schema, String firstColumn) throws IOException {
        assertEquals(documented(firstColumn), schema.treeString(),
                "docs/dataset-schema.md is out of date with SampleRows: update the doc (and the schema version if "
                        + "readers break)");
    }

    @Test
    void givenTheSampleSchema_whenComparedWithTheDoc_thenTheyAreIdentical() throws IOException {
        assertDocumented(SampleRows.SAMPLE, "sample_id");
    }

    @Test
    void givenTheQuarantineSchema_whenComparedWithTheDoc_thenTheyAreIdentical() throws IOException {
        assertDocumented(SampleRows.QUARANTINE, "input_path");
    }
}
