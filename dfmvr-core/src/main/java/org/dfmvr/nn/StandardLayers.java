package org.dfmvr.nn;

import org.dfmvr.nn.fast.FastLayers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * The one place that creates the network's standard layers (convolution, transposed convolution, batch norm,
 * activations, pooling, output). It configures them as DF-MVR does and lets a {@link FastLayers} implementation make
 * them: libnd4j's oneDNN ops ({@link FastLayers#nativeOps()}, the builder's default) or DL4J's stock layers
 * ({@link FastLayers#stock()}, the oracle).
 *
 * <p>Initialisation follows weiguangzhao/DF_MVR network/Rednet.py {@code init_weights} (mmcv {@code kaiming_init} for
 * convolutions, BN gamma 1, beta 0): convolutions use DL4J's He-normal {@link WeightInit#RELU}, N(0, 2/fan_in);
 * mmcv's default is fan_out, a documented deviation that only changes the initial scale of layers that are all
 * followed by batch normalisation. Biases start at 0. Spatial sizes follow PyTorch: explicit zero padding,
 * {@link ConvolutionMode#Truncate} (floor) output sizes.
 */
public final class StandardLayers {
    private final FastLayers impl;

    /** Layers made by {@code impl}: {@link FastLayers#nativeOps()} (oneDNN, the default) or {@link FastLayers#stock()}. */
    public StandardLayers(FastLayers impl) {
        this.impl = impl;
    }

    public FastLayers implementation() {
        return impl;
    }

    /** 2D convolution, identity activation, square kernel {@code k} with stride and zero padding in pixels. */
    public Layer conv(long nIn, long nOut, int k, int stride, int padding, boolean bias) {
        return impl.convolution(new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).nIn(nIn).nOut(nOut).hasBias(bias)
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU));
    }

    /** Transposed convolution with kernel {@code k}, stride {@code stride}, no padding, bias (output = stride * input). */
    public Layer deconv(long nIn, long nOut, int k, int stride) {
        return impl.deconvolution(new Deconvolution2D.Builder(k, k).stride(stride, stride).padding(0, 0)
                .convolutionMode(ConvolutionMode.Truncate).nIn(nIn).nOut(nOut).hasBias(true)
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU));
    }

    /** Batch normalisation over {@code channels} (eps 1e-5, running-average decay 0.9 = PyTorch momentum 0.1). */
    public Layer batchNorm(long channels, double initialGamma) {
        return impl.batchNorm(batchNormSettings(channels, initialGamma));
    }

    /**
     * {@link #batchNorm} followed by ReLU, as the implementation chains them (one fused layer for the native ops);
     * add it with {@link FastLayers#addBatchNormRelu}.
     */
    public List<Layer> batchNormRelu(long channels, double initialGamma) {
        return impl.batchNormRelu(batchNormSettings(channels, initialGamma));
    }

    private static BatchNormalization batchNormSettings(long channels, double initialGamma) {
        return new BatchNormalization.Builder().nIn(channels).nOut(channels).gamma(initialGamma).beta(0.0).eps(1e-5)
                .decay(0.9).activation(Activation.IDENTITY).build();
    }

    public Layer relu() {
        return impl.relu();
    }

    public Layer sigmoid() {
        return new ActivationLayer.Builder().activation(Activation.SIGMOID).build();
    }

    /** Max pooling, square window {@code k}, stride and padding in pixels. */
    public Layer maxPool(int k, int stride, int padding) {
        return impl.subsampling(new SubsamplingLayer.Builder(PoolingType.MAX, new int[] {k, k},
                new int[] {stride, stride}, new int[] {padding, padding}).convolutionMode(ConvolutionMode.Truncate));
    }

    /** Average pooling, square window {@code k} = stride, no padding. */
    public Layer avgPool(int k) {
        return impl.subsampling(new SubsamplingLayer.Builder(PoolingType.AVG, new int[] {k, k}, new int[] {k, k},
                new int[] {0, 0}).convolutionMode(ConvolutionMode.Truncate));
    }

    /** Global average pooling [N,C,H,W] -> [N,C]. */
    public Layer globalAvgPool() {
        return impl.globalAvgPool();
    }

    /**
     * Linear output layer with identity activation and the given loss; weights U(-1/sqrt(nIn), 1/sqrt(nIn)),
     * PyTorch's default for the 1x1 heads of weiguangzhao/DF_MVR network/Rednet.py RedNet_FC; bias 0 (PyTorch
     * draws the bias from the same range).
     */
    public Layer output(long nIn, long nOut, ILossFunction loss) {
        double bound = 1.0 / Math.sqrt(nIn);
        return new OutputLayer.Builder(loss).nIn(nIn).nOut(nOut).activation(Activation.IDENTITY)
                .dist(new UniformDistribution(-bound, bound)).build();
    }

    /** Nearest-neighbour upsampling by an integer factor (PyTorch {@code F.interpolate(mode='nearest')}). */
    public Layer nearestUpsample(int factor) {
        return new Upsampling2D.Builder(factor).build();
    }

    /**
     * Per-pixel softmax over the channels with multi-class cross-entropy against one-hot labels [N,K,H,W]
     * (DL4J's score: summed over pixels, averaged over the minibatch).
     */
    public Layer pixelSoftmaxLoss() {
        return new CnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build();
    }
}
