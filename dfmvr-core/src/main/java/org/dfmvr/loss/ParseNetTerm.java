package org.dfmvr.loss;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dfmvr.nn.InputGradientVertex;
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
 * {@code CnnLossLayer} with {@code MCXENT}), so that its backward pass gives the input gradient of the pixel-summed
 * cross-entropy. Either a {@link MultiLayerNetwork} or a {@link ComputationGraph} with one input and one output (the
 * BiSeNet of a parse bundle: {@code BiSeNetBuilder#inferenceCopy}, batch norm folded so that the backward pass
 * is that of the inference function, with an {@link InputGradientVertex} after its input). The term is the mean over pixels. The network runs on shared daemon worker
 * threads (one clone per thread and term), because the caller is inside the trained network's workspaces.
 */
final class ParseNetTerm {
    /** Probabilities are clamped to at least this inside the logarithm. */
    private static final double MIN_PROBABILITY = 1e-12;

    private final ThreadLocal<FrozenNet> nets;
    private final DataType dataType;
    /** Worker threads shared by every parse-net term of the JVM; daemons, one per processor. */
    private static final ExecutorService WORKERS = workers();

    ParseNetTerm(Model net) {
        FrozenNet prototype = FrozenNet.of(net);
        this.dataType = net.params().dataType();
        this.nets = ThreadLocal.withInitial(() -> {
            synchronized (net) {
                return prototype.copy();
            }
        });
    }

    /** The parse net as the term uses it: probabilities, and the input gradient of the summed cross-entropy. */
    private interface FrozenNet {
        INDArray probabilities(INDArray image);

        INDArray inputGradient(INDArray image, INDArray oneHot);

        FrozenNet copy();

        static FrozenNet of(Model net) {
            if (net instanceof MultiLayerNetwork layers) {
                return new Layers(layers);
            }
            if (net instanceof ComputationGraph graph) {
                if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
                    throw new IllegalArgumentException("the parse network must have one input and one output, got "
                            + graph.getConfiguration().getNetworkInputs() + " -> "
                            + graph.getConfiguration().getNetworkOutputs() + " (store the inference copy, "
                            + "BiSeNetBuilder.inferenceCopy, not the training graph with its auxiliary heads)");
                }
                return new Graph(graph);
            }
            throw new IllegalArgumentException("the parse network must be a MultiLayerNetwork or a ComputationGraph, "
                    + "got " + net.getClass().getName());
        }
    }

    private record Layers(MultiLayerNetwork net) implements FrozenNet {
        @Override
        public INDArray probabilities(INDArray image) {
            return net.output(image, false);
        }

        @Override
        public INDArray inputGradient(INDArray image, INDArray oneHot) {
            return net.calculateGradients(image, oneHot, null, null).getSecond();
        }

        @Override
        public FrozenNet copy() {
            return new Layers(net.clone());
        }
    }

    /**
     * DL4J 1.0.0-M2.1's ComputationGraph has no {@code calculateGradients}: the input gradient is what the graph's
     * {@link InputGradientVertex} after its input saw in the backward pass.
     */
    private record Graph(ComputationGraph net, InputGradientVertex.Impl probe) implements FrozenNet {
        Graph(ComputationGraph net) {
            this(net, probe(net));
        }

        private static InputGradientVertex.Impl probe(ComputationGraph net) {
            for (var v : net.getVertices()) {
                if (v instanceof InputGradientVertex.Impl p) {
                    return p;
                }
            }
            throw new IllegalArgumentException("the parse graph has no InputGradientVertex after its input, so its "
                    + "input gradient cannot be read (store BiSeNetBuilder.inferenceCopy, as train --model parse does)");
        }

        @Override
        public INDArray probabilities(INDArray image) {
            return net.outputSingle(false, image);
        }

        @Override
        public INDArray inputGradient(INDArray image, INDArray oneHot) {
            net.setInputs(image);
            net.setLabels(oneHot);
            net.computeGradientAndScore();
            return probe.lastGradient();
        }

        @Override
        public FrozenNet copy() {
            return new Graph(net.clone());
        }
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
        var result = WORKERS.submit(() -> run(image, height, width, labels, labelOffset, scale, gImage));
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
        FrozenNet net = nets.get();
        int pixels = height * width;
        double[] chw = new double[3 * pixels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * pixels + p] = (image[3 * p + c] - 0.5) / 0.5;
            }
        }
        INDArray in = Nd4j.createFromArray(chw).reshape(1, 3, height, width).castTo(dataType);
        INDArray probs = net.probabilities(in);
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
            double[] gIn = net.inputGradient(in, target).castTo(DataType.DOUBLE).dup('c').data().asDouble();
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
