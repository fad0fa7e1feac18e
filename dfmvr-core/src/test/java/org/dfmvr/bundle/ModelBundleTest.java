package org.dfmvr.bundle;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.testing.MiniHdfs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Save/load of an UNTRAINED tiny graph as a bundle: the mechanics of the format, not a model's quality. */
class ModelBundleTest {
    static final CoeffLayout LAYOUT = new CoeffLayout(80, 64, 80, 3);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static ComputationGraph untrained;
    static FileSystem fs;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void buildUntrainedTinyGraph() throws IOException {
        untrained = new DfmvrNetworkBuilder(NetworkSpec.tiny()).build();
        fs = FileSystem.getLocal(new Configuration()).getRaw(); // no .crc sidecars: tests edit files by hand
    }

    private Path bundle(String name) {
        return new Path(dir.resolve(name).toString());
    }

    @Test
    void givenAnUntrainedTinyGraph_whenWrittenAndRead_thenManifestAndParametersRoundTrip() throws IOException {
        BundleManifest written = ModelBundle.write(fs, bundle("b"), untrained, NetworkSpec.tiny(), "synthface",
                LAYOUT, T0);
        ModelBundle.Loaded loaded = ModelBundle.read(fs, bundle("b"));
        assertEquals(written, loaded.manifest());
        assertEquals(NetworkSpec.tiny(), loaded.manifest().network());
        assertEquals(64, loaded.manifest().imageSize());
        assertThat(loaded.manifest().viewNames()).containsExactly("left", "front", "right");
        assertEquals(untrained.params(), loaded.graph().params());
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("b"); // no _tmp/_old left
    }

    @Test
    void givenTheSameParameters_whenWrittenTwiceAtDifferentTimes_thenTheVersionIsTheSame() throws IOException {
        String v1 = ModelBundle.write(fs, bundle("b"), untrained, NetworkSpec.tiny(), "synthface", LAYOUT, T0)
                .version();
        String v2 = ModelBundle.write(fs, bundle("b"), untrained, NetworkSpec.tiny(), "synthface", LAYOUT,
                T0.plusSeconds(60)).version();
        assertEquals(v1, v2);
    }

    @Test
    void givenOneChangedParameter_whenWritten_thenTheVersionDiffers() throws IOException {
        ComputationGraph changed = untrained.clone();
        changed.params().putScalar(0, changed.params().getFloat(0) + 1f);
        String v1 = ModelBundle.write(fs, bundle("a"), untrained, NetworkSpec.tiny(), "synthface", LAYOUT, T0)
                .version();
        String v2 = ModelBundle.write(fs, bundle("b"), changed, NetworkSpec.tiny(), "synthface", LAYOUT, T0)
                .version();
        assertNotEquals(v1, v2);
    }

    @Test
    void givenAUsersFolder_whenABundleIsWrittenThere_thenItIsRefusedAndTheFolderIsKept() throws IOException {
        Files.createDirectories(dir.resolve("proj"));
        Files.writeString(dir.resolve("proj/thesis.tex"), "important");
        assertThatThrownBy(() -> ModelBundle.write(fs, bundle("proj"), untrained, NetworkSpec.tiny(), "synthface",
                LAYOUT, T0)).isInstanceOf(IOException.class).hasMessageContaining("not a bundle");
        assertThat(dir.resolve("proj/thesis.tex")).hasContent("important");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("proj");
    }

    @Test
    void givenAFolderWithoutManifest_whenRead_thenTheErrorNamesTheFolderAndTheMissingFile() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ModelBundle.read(fs, bundle("empty"))).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("empty").hasMessageContaining("no bundle.json");
    }

    @Test
    void givenAManifestOfAnotherFormatVersion_whenRead_thenTheErrorSaysExpectedAndActual() throws IOException {
        ModelBundle.write(fs, bundle("b"), untrained, NetworkSpec.tiny(), "synthface", LAYOUT, T0);
        java.nio.file.Path json = dir.resolve("b").resolve(ModelBundle.MANIFEST);
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        assertThatThrownBy(() -> ModelBundle.readManifest(fs, bundle("b"))).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("version 1").hasMessageContaining("version 7");
    }

    @Test
    void givenAManifestWithoutGraph_whenRead_thenTheBundleIsReportedIncomplete() throws IOException {
        ModelBundle.write(fs, bundle("b"), untrained, NetworkSpec.tiny(), "synthface", LAYOUT, T0);
        Files.delete(dir.resolve("b").resolve(ModelBundle.GRAPH));
        assertThatThrownBy(() -> ModelBundle.read(fs, bundle("b"))).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("no graph.zip");
    }

    @Test
    void givenALayoutThatIsNotTheNetworkOutput_whenWritten_thenRejectedBeforeWriting() {
        CoeffLayout other = new CoeffLayout(40, 64, 80, 3);
        assertThatThrownBy(() -> ModelBundle.write(fs, bundle("b"), untrained, NetworkSpec.tiny(), "synthface",
                other, T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idSize=40");
        assertThat(Files.exists(dir.resolve("b"))).isFalse();
    }

    @Test
    void givenAManifestThatIsNotJson_whenRead_thenTheErrorNamesTheFile() throws IOException {
        Files.createDirectories(dir.resolve("b"));
        try (OutputStream out = Files.newOutputStream(dir.resolve("b").resolve(ModelBundle.MANIFEST))) {
            out.write("not json".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> ModelBundle.readManifest(fs, bundle("b"))).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("bundle.json").hasMessageContaining("not a valid bundle manifest");
    }

    @Test
    void givenHdfs_whenABundleIsWrittenTwiceAndRead_thenItRoundTripsAndNoTemporaryFolderRemains() throws IOException {
        try (MiniHdfs hdfs = new MiniHdfs()) {
            FileSystem h = hdfs.fileSystem();
            Path where = new Path(hdfs.uri() + "/models/b");
            ModelBundle.write(h, where, untrained, NetworkSpec.tiny(), "synthface", LAYOUT, T0);
            BundleManifest second = ModelBundle.write(h, where, untrained, NetworkSpec.tiny(), "synthface", LAYOUT,
                    T0.plusSeconds(1));
            ModelBundle.Loaded loaded = ModelBundle.read(h, where);
            assertEquals(second, loaded.manifest());
            assertEquals(untrained.params(), loaded.graph().params());
            assertThat(h.listStatus(new Path(hdfs.uri() + "/models"))).hasSize(1);
        }
    }
}
