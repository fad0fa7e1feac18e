package org.dfmvr.ingest;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Raw image decoding refuses what a decoder would silently complete: truncated and damaged files. */
class RawImagesTest {
    private static final long LIMIT = 40_000_000L;

    /** A 96x64 photo-like gradient with some texture, encoded as {@code format}. */
    private static byte[] encoded(String format) throws IOException {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                img.setRGB(x, y, (x * 2 & 0xff) << 16 | (y * 3 & 0xff) << 8 | ((x * y) % 251));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    private static RawImages.RawFile file(String name, byte[] bytes) {
        return new RawImages.RawFile("file:/archive/" + name, bytes, RawImages.sha256(bytes));
    }

    @Test
    void givenCompleteJpegPngAndBmp_whenDecoded_thenTheyDecodeAtTheirSize() throws IOException {
        for (String format : new String[] {"jpg", "png", "bmp"}) {
            BufferedImage img = RawImages.decode(file("front." + format, encoded(format)), LIMIT);
            assertEquals(96, img.getWidth(), format);
            assertEquals(64, img.getHeight(), format);
        }
    }

    @Test
    void givenAJpegTruncatedToHalfItsBytes_whenDecoded_thenItIsRefusedAsTruncatedNamingTheFile() throws IOException {
        byte[] jpeg = encoded("jpg");
        assertThatThrownBy(() -> RawImages.decode(file("front.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)), LIMIT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("truncated")
                .hasMessageContaining("file:/archive/front.jpg")
                .satisfies(e -> assertEquals("decode", ((BadInputException) e).stage()));
    }

    @Test
    void givenAJpegWithZeroPaddingAfterItsEndMarker_whenDecoded_thenItIsAccepted() throws IOException {
        byte[] jpeg = encoded("jpg");
        assertEquals(96, RawImages.decode(file("front.jpg", Arrays.copyOf(jpeg, jpeg.length + 64)), LIMIT).getWidth());
    }

    @Test
    void givenAPngTruncatedToHalfItsBytes_whenDecoded_thenItIsRefusedAsTruncated() throws IOException {
        byte[] png = encoded("png");
        assertThatThrownBy(() -> RawImages.decode(file("front.png", Arrays.copyOf(png, png.length / 2)), LIMIT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("truncated")
                .hasMessageContaining("front.png");
    }

    @Test
    void givenAPngWithoutItsIendChunk_whenDecoded_thenItIsRefused() throws IOException {
        byte[] png = encoded("png");
        assertThatThrownBy(() -> RawImages.decode(file("front.png", Arrays.copyOf(png, png.length - 12)), LIMIT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no PNG IEND chunk");
    }

    @Test
    void givenAPngWithOneFlippedBitInItsImageData_whenDecoded_thenTheChunkCrcRefusesIt() throws IOException {
        byte[] png = encoded("png");
        png[png.length / 2] ^= 0x10;
        assertThatThrownBy(() -> RawImages.decode(file("front.png", png), LIMIT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("fails its CRC");
    }

    @Test
    void givenABmpShorterThanItsHeaderDeclares_whenDecoded_thenItIsRefused() throws IOException {
        byte[] bmp = encoded("bmp");
        assertThatThrownBy(() -> RawImages.decode(file("t.bmp", Arrays.copyOf(bmp, bmp.length / 2)), LIMIT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("BMP header declares");
    }
}
