package org.dfmvr.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Assembles one view's network input from its image and its face-parse label map, as {@link MaskInput} says
 * (weiguangzhao/DF_MVR network/MVRnet.py: {@code torch.cat((input, face_mask), dim=1)} with the label as a float).
 */
public final class ViewInput {
    private ViewInput() {
    }

    /**
     * @param rgb     [N,3,H,W] NCHW image, normalised to [-1,1] (mean 0.5, std 0.5)
     * @param labels  [N,1,H,W] parse class per pixel as float, integers 0..classes-1 (0 background, 1 skin, ...);
     *                ignored (may be null) for {@link MaskInput#NONE}
     * @param mask    the encoding
     * @param classes number of parse classes (10 in DF-MVR)
     * @return [N, mask.channelsPerView(classes), H, W]: RGB, then the label channel or one 0/1 channel per class
     */
    public static INDArray assemble(INDArray rgb, INDArray labels, MaskInput mask, int classes) {
        if (rgb == null || rgb.rank() != 4 || rgb.size(1) != 3) {
            throw new IllegalArgumentException("rgb must be [N,3,H,W], got "
                    + (rgb == null ? "null" : Arrays.toString(rgb.shape())));
        }
        if (mask == MaskInput.NONE) {
            return rgb.dup();
        }
        long n = rgb.size(0), h = rgb.size(2), w = rgb.size(3);
        if (labels == null || labels.rank() != 4 || labels.size(0) != n || labels.size(1) != 1
                || labels.size(2) != h || labels.size(3) != w) {
            throw new IllegalArgumentException("labels must be [" + n + ",1," + h + "," + w + "], got "
                    + (labels == null ? "null" : Arrays.toString(labels.shape())));
        }
        double min = labels.minNumber().doubleValue();
        double max = labels.maxNumber().doubleValue();
        if (min < 0 || max > classes - 1) {
            throw new IllegalArgumentException("labels must lie in [0," + (classes - 1) + "], got [" + min + ","
                    + max + "]");
        }
        INDArray encoded = mask == MaskInput.LABEL ? labels.castTo(rgb.dataType()) : oneHot(labels, classes, rgb);
        return Nd4j.concat(1, rgb, encoded);
    }

    private static INDArray oneHot(INDArray labels, int classes, INDArray like) {
        long n = labels.size(0), h = labels.size(2), w = labels.size(3);
        INDArray out = Nd4j.create(like.dataType(), n, classes, h, w);
        for (int k = 0; k < classes; k++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(k, k + 1), NDArrayIndex.all(), NDArrayIndex.all())
                    .assign(labels.eq(k).castTo(like.dataType()));
        }
        return out;
    }
}
