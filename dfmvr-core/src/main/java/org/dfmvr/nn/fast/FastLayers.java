package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

import java.util.List;

/**
 * The one place the network builder gets its CNN layers from, so network code does not depend on how a layer is
 * made fast (see docs/fast-cpu.md). Every method returns a DL4J layer configuration for NCHW activations that
 * {@code ComputationGraph}, {@code ModelSerializer} and dl4j-spark-parameterserver handle like any other.
 *
 * <p>{@link #nativeOps()} (the default) returns the layers of this package, which call libnd4j's ops directly;
 * {@link #stock()} returns DL4J's stock layers with identical parameters, shapes and semantics: the baseline for
 * benchmarks and the fallback where the native layers are not wanted (e.g. a backend with its own helpers, such as
 * cuDNN on CUDA).
 */
public final class FastLayers {
    /** How the returned layers compute. */
    public enum Implementation {
        /** Our layers over libnd4j's native ops and their {@code _bp} ops (oneDNN on the onednn classifiers). */
        NATIVE,
        /** DL4J's stock layers (im2col + gemm, broadcast ops). */
        STOCK
    }

    private static final FastLayers NATIVE = new FastLayers(Implementation.NATIVE);
    private static final FastLayers STOCK = new FastLayers(Implementation.STOCK);

    private final Implementation implementation;

    private FastLayers(Implementation implementation) {
        this.implementation = implementation;
    }

    /** Layers over libnd4j's native ops: the default. */
    public static FastLayers nativeOps() {
        return NATIVE;
    }

    /** DL4J's stock layers with the same parameters and semantics. */
    public static FastLayers stock() {
        return STOCK;
    }

    /** The factory for {@code implementation}. */
    public static FastLayers of(Implementation implementation) {
        return implementation == Implementation.NATIVE ? NATIVE : STOCK;
    }

    /** How this factory's layers compute. */
    public Implementation implementation() {
        return implementation;
    }

    /**
     * k x k convolution with "same" output size (ceil(in / stride)), bias, identity activation: the conv of a
     * conv-BN-ReLU block.
     *
     * @param nIn    input channels, >= 1
     * @param nOut   output channels, >= 1
     * @param kernel square kernel size, pixels, odd (1, 3, 5, ...)
     * @param stride stride, pixels, >= 1
     */
    public Layer conv(int nIn, int nOut, int kernel, int stride) {
        return conv(nIn, nOut, kernel, stride, Activation.IDENTITY, true);
    }

    /** As {@link #conv(int, int, int, int)} with a chosen activation and optional bias. */
    public Layer conv(int nIn, int nOut, int kernel, int stride, Activation activation, boolean hasBias) {
        positive("nIn", nIn);
        positive("nOut", nOut);
        positive("stride", stride);
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel: expected an odd size >= 1, got " + kernel);
        }
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nIn(nIn)
                .nOut(nOut).convolutionMode(ConvolutionMode.Same).activation(activation).hasBias(hasBias);
        ConvolutionLayer validated = b.build(); // DL4J's own validation of kernel/stride/padding
        return implementation == Implementation.NATIVE ? new FastConvolution2D(b) : validated;
    }

    /**
     * Batch normalisation over the channels (no activation; follow it with {@link #relu()}), with DL4J's defaults
     * for decay, epsilon and running-statistics storage.
     *
     * @param channels channels of the [N,C,H,W] input, >= 1
     */
    public Layer batchNorm(int channels) {
        positive("channels", channels);
        return batchNorm(new BatchNormalization.Builder().nIn(channels).nOut(channels)
                .activation(Activation.IDENTITY).build());
    }

    /**
     * This implementation of a batch normalisation configured by the caller (its channels, gamma/beta initial values,
     * decay, epsilon); the activation must be identity (follow it with {@link #relu()}).
     */
    public Layer batchNorm(BatchNormalization defaults) {
        if (implementation == Implementation.STOCK) {
            return defaults;
        }
        return copyBatchNormSettings(defaults, new FastBatchNormalization());
    }

    /**
     * Batch normalisation over the channels followed by ReLU, with DL4J's defaults for decay, epsilon and
     * running-statistics storage; see {@link #batchNormRelu(BatchNormalization)}.
     *
     * @param channels channels of the [N,C,H,W] input, >= 1
     */
    public List<Layer> batchNormRelu(int channels) {
        positive("channels", channels);
        return batchNormRelu(new BatchNormalization.Builder().nIn(channels).nOut(channels)
                .activation(Activation.IDENTITY).build());
    }

    /**
     * Batch normalisation configured by the caller (channels, gamma/beta initial values, decay, epsilon; identity
     * activation) followed by ReLU, as the chain of layers this implementation uses: one fused
     * {@link FastBatchNormRelu} (native) or DL4J's BatchNormalization and a ReLU ActivationLayer (stock). In both
     * the parameters are the batch norm's, in the same layout; add the chain with {@link #addBatchNormRelu}.
     */
    public List<Layer> batchNormRelu(BatchNormalization defaults) {
        if (!(defaults.getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("batchNormRelu defaults activation: expected identity (the ReLU is "
                    + "added here), got " + defaults.getActivationFn());
        }
        if (implementation == Implementation.STOCK) {
            return List.of(defaults, relu());
        }
        FastBatchNormRelu fused = copyBatchNormSettings(defaults, new FastBatchNormRelu());
        fused.setActivationFn(Activation.RELU.getActivationFunction());
        return List.of(fused);
    }

    /**
     * Adds a {@link #batchNormRelu} chain to {@code graph}: its first layer (the batch norm, fused or not) as
     * {@code name + "_bn"}, a separate ReLU as {@code name + "_relu"}; returns the name of the chain's output vertex.
     */
    public static String addBatchNormRelu(ComputationGraphConfiguration.GraphBuilder graph, String name,
            List<Layer> chain, String input) {
        if (chain.isEmpty() || chain.size() > 2) {
            throw new IllegalArgumentException("batch-norm + ReLU chain: expected 1 or 2 layers, got " + chain.size());
        }
        String out = name + "_bn";
        graph.addLayer(out, chain.get(0), input);
        if (chain.size() == 2) {
            graph.addLayer(name + "_relu", chain.get(1), out);
            out = name + "_relu";
        }
        return out;
    }

    private static <T extends FastBatchNormalization> T copyBatchNormSettings(BatchNormalization from, T to) {
        to.setNIn(from.getNOut());
        to.setNOut(from.getNOut());
        to.setDecay(from.getDecay());
        to.setEps(from.getEps());
        to.setMinibatch(from.isMinibatch());
        to.setGamma(from.getGamma());
        to.setBeta(from.getBeta());
        to.setUseLogStd(from.isUseLogStd());
        to.setCnn2DFormat(from.getCnn2DFormat());
        to.setActivationFn(from.getActivationFn());
        return to;
    }

    /** This implementation of the convolution a caller configured with DL4J's builder (any kernel, padding, mode). */
    public Layer convolution(ConvolutionLayer.Builder builder) {
        ConvolutionLayer validated = builder.build();
        return implementation == Implementation.NATIVE ? new FastConvolution2D(builder) : validated;
    }

    /** This implementation of a transposed convolution configured with DL4J's builder. */
    public Layer deconvolution(Deconvolution2D.Builder builder) {
        Deconvolution2D validated = builder.build();
        return implementation == Implementation.NATIVE ? new FastDeconvolution2D(builder) : validated;
    }

    /** This implementation of a max/avg pooling configured with DL4J's builder. */
    public Layer subsampling(SubsamplingLayer.Builder builder) {
        SubsamplingLayer validated = builder.build();
        return implementation == Implementation.NATIVE ? new FastSubsampling(builder) : validated;
    }

    /** Element-wise ReLU, any input shape. */
    public Layer relu() {
        return implementation == Implementation.NATIVE ? new FastRelu()
                : new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /** 2x2 max pooling, stride 2, [N,C,H,W] to [N,C,ceil(H/2),ceil(W/2)]. */
    public Layer maxPool2() {
        return pool2(SubsamplingLayer.PoolingType.MAX);
    }

    /** 2x2 average pooling, stride 2, [N,C,H,W] to [N,C,ceil(H/2),ceil(W/2)]. */
    public Layer avgPool2() {
        return pool2(SubsamplingLayer.PoolingType.AVG);
    }

    /** Global average pooling: [N,C,H,W] to [N,C]. */
    public Layer globalAvgPool() {
        return implementation == Implementation.NATIVE ? new FastGlobalAveragePooling()
                : new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
    }

    /**
     * Transposed convolution, kernel 2, stride 2 (the UNet up-sampling step): [N,nIn,H,W] to [N,nOut,2H,2W], bias,
     * identity activation.
     */
    public Layer deconv2x2(int nIn, int nOut) {
        positive("nIn", nIn);
        positive("nOut", nOut);
        Deconvolution2D.Builder b = new Deconvolution2D.Builder(2, 2).stride(2, 2).nIn(nIn).nOut(nOut)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY);
        Deconvolution2D validated = b.build();
        return implementation == Implementation.NATIVE ? new FastDeconvolution2D(b) : validated;
    }

    private Layer pool2(SubsamplingLayer.PoolingType type) {
        SubsamplingLayer.Builder b = new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same);
        SubsamplingLayer validated = b.build();
        return implementation == Implementation.NATIVE ? new FastSubsampling(b) : validated;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
        }
    }

    @Override
    public String toString() {
        return "FastLayers." + implementation;
    }
}
