package org.dfmvr.bundle;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.nn.BiSeNetBuilder;
import org.dfmvr.nn.BiSeNetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParseBundleTest {
    @TempDir
    Path dir;

    private org.apache.hadoop.fs.Path at(String name) {
        return new org.apache.hadoop.fs.Path(dir.resolve(name).toString());
    }

    @Test
    void givenAFrozenTinyNet_whenWrittenAndRead_thenManifestAndOutputsAreThoseWritten() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        BiSeNetBuilder builder = new BiSeNetBuilder(BiSeNetSpec.tiny());
        ComputationGraph frozen = builder.inferenceCopy(builder.build());
        FileSystem fs = FileSystem.getLocal(new Configuration());

        ParseBundleManifest written = ParseBundle.write(fs, at("parse"), frozen, BiSeNetSpec.tiny(), 0.97, 0.61,
                4096, Instant.parse("2026-01-01T00:00:00Z"));
        ParseBundle.Loaded read = ParseBundle.read(fs, at("parse"));

        assertThat(read.manifest()).isEqualTo(written);
        assertThat(read.manifest().network()).isEqualTo(BiSeNetSpec.tiny());
        assertThat(written.version()).hasSize(64);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 64, 64);
        assertThat(read.graph().outputSingle(x)).isEqualTo(frozen.outputSingle(x));
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString()).containsExactly("parse");
    }

    @Test
    void givenAStride2NetAndABundleWrittenBeforeOutputStrideExisted_whenRead_thenEachSpecIsTheOneTrained()
            throws Exception {
        BiSeNetSpec stride2 = BiSeNetSpec.tiny();
        BiSeNetBuilder builder = new BiSeNetBuilder(stride2);
        ComputationGraph frozen = builder.inferenceCopy(builder.build());
        FileSystem fs = FileSystem.getLocal(new Configuration());
        ParseBundle.write(fs, at("os2"), frozen, stride2, 0.95, 0.6, 4096, Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(ParseBundle.read(fs, at("os2")).manifest().network()).isEqualTo(stride2);

        // a format-1 manifest from before the field: its net predicts at BiSeNet's 1/8
        Path old = dir.resolve("os2").resolve(ParseBundle.MANIFEST);
        String json = Files.readString(old).replaceAll("\\s*\"outputStride\"\\s*:\\s*2\\s*,", "");
        assertThat(json).doesNotContain("outputStride");
        Files.writeString(old, json);
        Files.deleteIfExists(old.resolveSibling("." + ParseBundle.MANIFEST + ".crc")); // Hadoop's local checksum
        assertThat(ParseBundle.read(fs, at("os2")).manifest().network())
                .isEqualTo(BiSeNetSpec.tiny().withOutputStride(8));
    }

    @Test
    void givenTheTrainingGraphWithItsAuxiliaryHeads_whenWritten_thenItIsRefused() {
        ComputationGraph training = new BiSeNetBuilder(BiSeNetSpec.tiny()).build();

        assertThatThrownBy(() -> ParseBundle.write(FileSystem.getLocal(new Configuration()), at("parse"), training,
                BiSeNetSpec.tiny(), Double.NaN, Double.NaN, 0, Instant.now()))
                .hasMessageContaining("one output").hasMessageContaining("inferenceCopy");
    }

    @Test
    void givenAFolderWithoutManifest_whenRead_thenTheErrorNamesTheMissingFile() throws Exception {
        Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> ParseBundle.read(FileSystem.getLocal(new Configuration()), at("empty")))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining(ParseBundle.MANIFEST);
    }
}
