package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PairLoader}: sidecar landmarks and bad-input messages. */
class PairLoaderTest {
    @TempDir
    Path dir;

    @Test
    void givenAnLm7WithCommentsAndBlankLines_whenRead_thenSevenPointsInFileOrder() throws Exception {
        Path f = dir.resolve("a.lm7");
        Files.writeString(f, "# mm\n1 2 3\n4 5 6\n\n7 8 9\n10 11 12\n13 14 15\n16 17 18\n19 20 21\n");

        double[] l = PairLoader.lm7(new Configuration(), f.toString());

        assertThat(l).hasSize(21).startsWith(1, 2, 3).endsWith(19, 20, 21);
    }

    @Test
    void givenAnLm7WithABadNumber_whenRead_thenTheMessageNamesFileLineAndToken() throws Exception {
        Path f = dir.resolve("b.lm7");
        Files.writeString(f, "1 2 3\n4 x 6\n");

        assertThatThrownBy(() -> PairLoader.lm7(new Configuration(), f.toString()))
                .isInstanceOf(BadEvalInputException.class)
                .hasMessageContaining("b.lm7").hasMessageContaining("line 2").hasMessageContaining("'x'");
    }

    @Test
    void givenAnLm7WithSixPoints_whenRead_thenRejectedWithExpectedAndActualCounts() throws Exception {
        Path f = dir.resolve("c.lm7");
        Files.writeString(f, "1 2 3\n".repeat(6));

        assertThatThrownBy(() -> PairLoader.lm7(new Configuration(), f.toString()))
                .hasMessageContaining("expected 7 points, got 6");
    }

    @Test
    void givenAPredictionWithTheWrongVertexCount_whenLoaded_thenRejectedNamingModelAndBothCounts() throws Exception {
        Path mesh = dir.resolve("p.obj");
        Files.writeString(mesh, "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
        PairRef ref = new PairRef("s", "x/1", mesh.toString(), "synthface", "g.obj", null);

        assertThatThrownBy(() -> PairLoader.prediction(new Configuration(), ref))
                .isInstanceOf(BadEvalInputException.class)
                .hasMessageContaining("has 3 vertices").hasMessageContaining("'synthface' has 9409");
    }
}
