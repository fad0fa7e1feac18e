package org.dfmvr.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every MAT-file parse failure names the file, including the ones MFL reports in its own words. */
class MatFieldsTest {
    /** A Level-5 header (little endian) followed by one data element whose tag has type {@code tagType}. */
    private static byte[] matWithTagType(int tagType) {
        ByteBuffer b = ByteBuffer.allocate(128 + 16).order(ByteOrder.LITTLE_ENDIAN);
        byte[] text = Arrays.copyOf("MATLAB 5.0 MAT-file, written by a test".getBytes(StandardCharsets.US_ASCII), 116);
        Arrays.fill(text, 38, 116, (byte) ' ');
        b.put(text).putLong(0).putShort((short) 0x0100).put((byte) 'I').put((byte) 'M');
        b.putInt(tagType).putInt(8).putLong(0);
        return b.array();
    }

    @Test
    void givenAMatFileWithAnUnknownTagType_whenOpened_thenTheErrorNamesTheFile() {
        assertThatThrownBy(() -> MatFields.open(matWithTagType(14359), "hdfs://nn/pixelface/s1/e1/mesh/fusion/gt.mat"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("hdfs://nn/pixelface/s1/e1/mesh/fusion/gt.mat: cannot parse MAT file")
                .hasMessageContaining("14359");
    }
}
