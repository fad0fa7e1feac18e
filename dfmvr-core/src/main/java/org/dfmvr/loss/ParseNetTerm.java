package org.dfmvr.loss;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mask term: cross-entropy of a frozen face-parse network on the rendered image against the view's parse labels
 * (DF-MVR model_fn, reference §1.5), with a real gradient (the official code detaches the render): the parse net's
 * own backward gives d/dInput with its parameters untouched, which flows into the renderer.
 *
 * <p>The network takes [1,3,H,W] RGB normalised as {@code (x - 0.5)/0.5} (DF-MVR's BiSeNet input) and ends in a
 * softmax over K classes per pixel, [1,K,H,W], with a per-pixel multi-class cross-entropy loss layer (DL4J
 * {@code CnnLossLayer} with {@code MCXENT}), so that {@code calculateGradients} returns the input gradient of the
 * pixel-summed cross-entropy. The term is the mean over pixels. The network runs on shared daemon worker threads
 * (one clone per thread and term), because the caller is inside the trained network's workspaces.
 */
final class ParseNetTerm {
    /** Probabilities are clamped to at least this inside the logarithm. */
    private static final double MIN_PROBABILITY = 1e-12;

    private final ThreadLocal<MultiLayerNetwork> nets;
    private final DataType dataType;
    /** Worker threads shared by every parse-net term of the JVM; daemons, one per processor. */
    private static final ExecutorService WORKERS = workers();

    ParseNetTerm(MultiLayerNetwork net) {
        this.dataType = net.params().dataType();
        this.nets = ThreadLocal.withInitial(() -> {
            synchronized (net) {
                return net.clone();
            }
        });

    }

    private static ExecutorService workers() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "parse-net-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param image  [H·W,3] rendered linear RGB, row-major pixels
     * @param labels parse labels [H·W] (0..K-1 as doubles) at {@code labelOffset}
     * @param gImage out: += scale · d(term)/dImage, [H·W,3]
     * @return the mean per-pixel cross-entropy, nats
     */
    double evaluate(double[] image, int height, int width, double[] labels, int labelOffset, double scale,
                    double[] gImage) {
        // called from inside the trained network's workspaces (the loss of its output layer), which DL4J forbids
        // for another network's forward pass on the same thread: run on a worker thread, exchange plain arrays
        Future<Double> result = WORKERS.submit(() -> run(image, height, width, labels, labelOffset, scale, gImage));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the parse network", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("parse network failed", e.getCause());
        }
    }

    private double run(double[] image, int height, int width, double[] labels, int labelOffset, double scale,
                       double[] gImage) {
        MultiLayerNetwork net = nets.get();
        int pixels = height * width;
        double[] chw = new double[3 * pixels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * pixels + p] = (image[3 * p + c] - 0.5) / 0.5;
            }
        }
        INDArray in = Nd4j.createFromArray(chw).reshape(1, 3, height, width).castTo(dataType);
        INDArray probs = net.output(in, false);
        int classes = (int) probs.size(1);
        double[] prob = probs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] oneHot = new double[classes * pixels];
        double ce = 0;
        for (int p = 0; p < pixels; p++) {
            int k = (int) labels[labelOffset + p];
            if (k < 0 || k >= classes) {
                throw new IllegalArgumentException("parse label at pixel " + p + " must be in [0," + classes
                        + "), got " + labels[labelOffset + p]);
            }
            oneHot[k * pixels + p] = 1;
            ce -= Math.log(Math.max(MIN_PROBABILITY, prob[k * pixels + p]));
        }
        if (gImage != null) {
            INDArray target = Nd4j.createFromArray(oneHot).reshape(1, classes, height, width).castTo(dataType);
            double[] gIn = net.calculateGradients(in, target, null, null).getSecond().castTo(DataType.DOUBLE)
                    .dup('c').data().asDouble();
            // mean over pixels, and d(normalised)/d(x) = 2
            double k = scale * 2 / pixels;
            for (int p = 0; p < pixels; p++) {
                for (int c = 0; c < 3; c++) {
                    gImage[3 * p + c] += k * gIn[c * pixels + p];
                }
            }
        }
        return ce / pixels;
    }
}
