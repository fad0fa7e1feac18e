package org.dfmvr.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Segmentation scores of a parse net, accumulated over batches: pixel accuracy and mean intersection-over-union
 * (IoU_k = |pred = k and label = k| / |pred = k or label = k|, averaged over the classes that occur in the labels or
 * the predictions; classes in neither are left out rather than counted as 1 or 0).
 */
final class ParseMetrics {
    private final long[] intersection;
    private final long[] predicted;
    private final long[] labelled;
    private long pixels;
    private long correct;

    ParseMetrics(int classes) {
        intersection = new long[classes];
        predicted = new long[classes];
        labelled = new long[classes];
    }

    /**
     * @param probabilities [N,K,H,W] per-pixel class scores (the arg-max is the prediction)
     * @param oneHot        [N,K,H,W] one-hot labels
     */
    void add(INDArray probabilities, INDArray oneHot) {
        if (!Arrays.equals(probabilities.shape(), oneHot.shape()) || probabilities.size(1) != intersection.length) {
            throw new IllegalArgumentException("parse metrics need [N," + intersection.length + ",H,W] scores and "
                    + "labels of one shape, got " + Arrays.toString(probabilities.shape()) + " and "
                    + Arrays.toString(oneHot.shape()));
        }
        long[] pred = Nd4j.argMax(probabilities, 1).dup('c').data().asLong();
        long[] truth = Nd4j.argMax(oneHot, 1).dup('c').data().asLong();
        for (int i = 0; i < pred.length; i++) {
            int p = (int) pred[i];
            int t = (int) truth[i];
            predicted[p]++;
            labelled[t]++;
            if (p == t) {
                intersection[p]++;
                correct++;
            }
        }
        pixels += pred.length;
    }

    long pixels() {
        return pixels;
    }

    /** Fraction of pixels predicted right, NaN before any pixel. */
    double pixelAccuracy() {
        return pixels == 0 ? Double.NaN : (double) correct / pixels;
    }

    /** Fraction of the pixels labelled {@code k} that are predicted {@code k} (recall), NaN when none is labelled k. */
    double classAccuracy(int k) {
        return labelled[k] == 0 ? Double.NaN : (double) intersection[k] / labelled[k];
    }

    /** IoU of class {@code k}, NaN when it is neither labelled nor predicted. */
    double classIou(int k) {
        long union = predicted[k] + labelled[k] - intersection[k];
        return union == 0 ? Double.NaN : (double) intersection[k] / union;
    }

    /** Fraction of all pixels labelled {@code k}, NaN before any pixel. */
    double classFrequency(int k) {
        return pixels == 0 ? Double.NaN : (double) labelled[k] / pixels;
    }

    int classes() {
        return intersection.length;
    }

    /** Per class "k: frequency / accuracy / IoU", for logs. */
    String perClassSummary() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < intersection.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%d: %.4f / %.3f / %.3f", k,
                    classFrequency(k), classAccuracy(k), classIou(k)));
        }
        return sb.toString();
    }

    /** Mean IoU over the classes present in labels or predictions, NaN before any pixel. */
    double meanIou() {
        double sum = 0;
        int present = 0;
        for (int k = 0; k < intersection.length; k++) {
            long union = predicted[k] + labelled[k] - intersection[k];
            if (union > 0) {
                sum += (double) intersection[k] / union;
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }
}
