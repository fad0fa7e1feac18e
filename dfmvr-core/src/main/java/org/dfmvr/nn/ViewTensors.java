package org.dfmvr.nn;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The network inputs of shard rows (DF-MVR's MulEn-Unet input, reference §1.1): per view a [N,4,H,W] float array,
 * channels 0-2 = RGB normalised to [-1,1] ({@code (x/255 - 0.5) / 0.5}), channel 3 = the parse label map as a float
 * (0..9, not one-hot). Views are always in left/front/right order; a view the sample lacks is all zeros (the loss
 * masks it out by its view-present flag), as is the label channel of a view without parse labels.
 */
public final class ViewTensors {
    public static final int CHANNELS = 4;

    private ViewTensors() {
    }

    /** Three [N,4,size,size] arrays (left, front, right) for {@code batch}. */
    public static INDArray[] features(List<MultiViewSample> batch, int size) {
        int n = batch.size();
        float[][] views = new float[ViewRecord.NAMES.size()][n * CHANNELS * size * size];
        for (int i = 0; i < n; i++) {
            for (ViewRecord v : batch.get(i).views()) {
                if (v.size() != size) {
                    throw new IllegalArgumentException(batch.get(i).sampleId() + ": view " + v.view() + " is "
                            + v.size() + " px, the network takes " + size + " (ingest with dfmvr.ingest.image-size = "
                            + size + ")");
                }
                fill(v, views[ViewRecord.NAMES.indexOf(v.view())], i * CHANNELS * size * size, size);
            }
        }
        INDArray[] out = new INDArray[views.length];
        for (int k = 0; k < views.length; k++) {
            out[k] = Nd4j.create(views[k], new long[] {n, CHANNELS, size, size}, DataType.FLOAT);
        }
        return out;
    }

    /**
     * Writes one view as 4 planes of {@code size x size} floats at {@code offset}: R, G, B in [-1,1], then the parse
     * labels 0..9 (zeros when the view has none). The caller checks {@code v.size() == size}.
     */
    public static void fill(ViewRecord v, float[] out, int offset, int size) {
        BufferedImage rgb = decode(v.imagePng());
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = rgb.getRGB(x, y);
                int at = offset + y * size + x;
                out[at] = ((p >> 16) & 0xff) / 127.5f - 1f;
                out[at + plane] = ((p >> 8) & 0xff) / 127.5f - 1f;
                out[at + 2 * plane] = (p & 0xff) / 127.5f - 1f;
            }
        }
        if (v.parsePng() != null) {
            BufferedImage labels = decode(v.parsePng());
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    out[offset + 3 * plane + y * size + x] = labels.getRaster().getSample(x, y, 0);
                }
            }
        }
    }

    static BufferedImage decode(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
