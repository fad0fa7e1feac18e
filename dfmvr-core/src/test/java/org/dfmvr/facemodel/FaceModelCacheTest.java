package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceModelCacheTest {
    private static MorphableModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        MorphableModel synth = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(3, 33, 6, 4, 5));
        int[] l101 = new int[MorphableModel.LANDMARK3D_COUNT];
        for (int i = 0; i < l101.length; i++) {
            l101[i] = 5 * i;
        }
        model = synth.toBuilder().landmarks101(l101).build();
    }

    @Test
    void givenModel_whenWrittenAndRead_thenEveryFieldIsExactlyEqual() throws IOException {
        Path file = dir.resolve("m.fmc");
        FaceModelCache.write(model, file);
        assertTrue(model.sameAs(new FaceModelCache(file).load()));
    }

    @Test
    void givenModelWithoutUvs_whenWrittenAndRead_thenItStillHasNone() throws IOException {
        Path file = dir.resolve("m.fmc");
        FaceModelCache.write(model.toBuilder().uvs(null).build(), file);
        assertTrue(!FaceModelCache.read(file).hasUvs());
    }

    @Test
    void givenOneFlippedPayloadByte_whenRead_thenChecksumErrorIsReported() throws IOException {
        Path file = dir.resolve("m.fmc");
        FaceModelCache.write(model, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        var e = assertThrows(IOException.class, () -> FaceModelCache.read(file));
        assertTrue(e.getMessage().contains("corrupted, CRC32 expected"), e.getMessage());
    }

    @Test
    void givenFutureVersion_whenRead_thenErrorNamesBothVersions() throws IOException {
        Path file = dir.resolve("m.fmc");
        FaceModelCache.write(model, file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99);
        Files.write(file, bytes);
        var e = assertThrows(IOException.class, () -> FaceModelCache.read(file));
        assertTrue(e.getMessage().contains("version 99 is not supported, this build reads version " + FaceModelCache.VERSION),
                e.getMessage());
    }

    @Test
    void givenOtherFile_whenRead_thenErrorSaysMagicExpectedAndFound() throws IOException {
        Path file = dir.resolve("not.fmc");
        Files.writeString(file, "# an OBJ file, not a cache\n");
        var e = assertThrows(IOException.class, () -> FaceModelCache.read(file));
        assertTrue(e.getMessage().contains("magic expected \"DFMVRFMC\", got \"# an OBJ\""), e.getMessage());
    }

    @Test
    void givenTruncatedFile_whenRead_thenErrorGivesBothLengths() throws IOException {
        Path file = dir.resolve("m.fmc");
        FaceModelCache.write(model, file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        var e = assertThrows(IOException.class, () -> FaceModelCache.read(file));
        assertTrue(e.getMessage().contains("truncated or padded"), e.getMessage());
    }
}
