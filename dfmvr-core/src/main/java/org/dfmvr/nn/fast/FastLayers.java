package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;

/**
 * The one place the network builder gets its CNN layers from, so network code does not depend on how a layer is
 * made fast (see docs/fast-cpu.md). Every method returns a DL4J layer configuration for NCHW activations that
 * {@code ComputationGraph}, {@code ModelSerializer} and dl4j-spark-parameterserver handle like any other.
 */
public final class FastLayers {
    private FastLayers() {
    }

    /**
     * k x k convolution with "same" output size (ceil(in / stride)), bias, identity activation: the conv of a
     * conv-BN-ReLU block.
     *
     * @param nIn    input channels, >= 1
     * @param nOut   output channels, >= 1
     * @param kernel square kernel size, pixels (odd: 1, 3, 5, ...)
     * @param stride stride, pixels, >= 1
     */
    public static Layer conv(int nIn, int nOut, int kernel, int stride) {
        return conv(nIn, nOut, kernel, stride, Activation.IDENTITY, true);
    }

    /** As {@link #conv(int, int, int, int)} with a chosen activation and optional bias. */
    public static Layer conv(int nIn, int nOut, int kernel, int stride, Activation activation, boolean hasBias) {
        positive("nIn", nIn);
        positive("nOut", nOut);
        positive("stride", stride);
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel: expected an odd size >= 1, got " + kernel);
        }
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nIn(nIn)
                .nOut(nOut).convolutionMode(ConvolutionMode.Same).activation(activation).hasBias(hasBias);
        b.build(); // DL4J's own validation of kernel/stride/padding before the fast copy is made
        return new FastConvolution2D(b);
    }

    /**
     * Batch normalisation over the channels (no activation; follow it with {@link #relu()}), with DL4J's defaults
     * for decay, epsilon and running-statistics storage.
     *
     * @param channels channels of the [N,C,H,W] input, >= 1
     */
    public static Layer batchNorm(int channels) {
        positive("channels", channels);
        BatchNormalization defaults = new BatchNormalization.Builder().build();
        FastBatchNormalization bn = new FastBatchNormalization();
        bn.setNIn(channels);
        bn.setNOut(channels);
        bn.setDecay(defaults.getDecay());
        bn.setEps(defaults.getEps());
        bn.setMinibatch(defaults.isMinibatch());
        bn.setGamma(defaults.getGamma());
        bn.setBeta(defaults.getBeta());
        bn.setUseLogStd(defaults.isUseLogStd());
        bn.setCnn2DFormat(defaults.getCnn2DFormat());
        bn.setActivationFn(Activation.IDENTITY.getActivationFunction());
        return bn;
    }

    /** Element-wise ReLU (DL4J's ActivationLayer; element-wise ops are native already). */
    public static Layer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /** 2x2 max pooling, stride 2, [N,C,H,W] to [N,C,ceil(H/2),ceil(W/2)]. */
    public static Layer maxPool2() {
        return pool2(SubsamplingLayer.PoolingType.MAX);
    }

    /** 2x2 average pooling, stride 2, [N,C,H,W] to [N,C,ceil(H/2),ceil(W/2)]. */
    public static Layer avgPool2() {
        return pool2(SubsamplingLayer.PoolingType.AVG);
    }

    /** Global average pooling: [N,C,H,W] to [N,C]. */
    public static Layer globalAvgPool() {
        return new FastGlobalAveragePooling();
    }

    /**
     * Transposed convolution, kernel 2, stride 2 (the UNet up-sampling step): [N,nIn,H,W] to [N,nOut,2H,2W], bias,
     * identity activation.
     */
    public static Layer deconv2x2(int nIn, int nOut) {
        positive("nIn", nIn);
        positive("nOut", nOut);
        Deconvolution2D.Builder b = new Deconvolution2D.Builder(2, 2).stride(2, 2).nIn(nIn).nOut(nOut)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY);
        b.build(); // DL4J's own validation
        return new FastDeconvolution2D(b);
    }

    private static Layer pool2(SubsamplingLayer.PoolingType type) {
        SubsamplingLayer.Builder b = new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same);
        b.build(); // DL4J's own validation
        return new FastSubsampling(b);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
        }
    }
}
