package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the native convolution runtimes share: forward = the native op then the activation in place; backward = the
 * activation's derivative then the native {@code _bp} op, which yields the input, weight and bias gradients in one
 * call. With an identity activation the backward pass needs no recomputation; with another activation the
 * pre-activation is recomputed once (DL4J layers keep no state between forward and backward). Subclasses name the
 * op pair and the weight layout; the parameter keys ({@code W}, {@code b}) are the same for convolution and
 * transposed convolution.
 */
abstract class NativeConvolutionLayer extends ConvolutionLayer {

    NativeConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Input channels the weights expect. */
    abstract long inputChannels(INDArray weights);

    /** Output channels the weights produce (the bias length). */
    abstract long outputChannels(INDArray weights);

    /** Output height and width for this input. */
    abstract int[] outputSize(INDArray input);

    /** out = op(input) + bias. */
    abstract void forward(INDArray input, INDArray weights, INDArray bias, INDArray out);

    /** The op's backward: fills the three gradients (gradBias may be null when there is no bias). */
    abstract void backward(INDArray input, INDArray weights, INDArray bias, INDArray gradOutput, INDArray gradInput,
                           INDArray gradWeights, INDArray gradBias);

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray z = preActivation(training, workspaceMgr, ArrayType.ACTIVATIONS);
        return layerConf().getActivationFn().getActivation(z, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray bias = bias(true, workspaceMgr);
        IActivation afn = layerConf().getActivationFn();
        INDArray delta = afn instanceof ActivationIdentity ? epsilon
                : afn.backprop(preActivation(true, workspaceMgr, ArrayType.BP_WORKING_MEM), epsilon).getFirst();

        INDArray gradInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        INDArray gradWeights = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradBias = hasBias() ? Nd4j.createUninitialized(weights.dataType(), outputChannels(weights)) : null;
        backward(input, weights, bias, delta.castTo(input.dataType()), gradInput, gradWeights, gradBias);

        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray gradBiasView = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            gradBiasView.assign(gradBias.reshape(gradBiasView.shape()));
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, gradBiasView);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, gradWeights, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(gradInput));
    }

    /** op(input) + bias, [N,oC,oH,oW], allocated as {@code type}. */
    private INDArray preActivation(boolean training, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        FastLayerSupport.requireInput(layerId(), input, inputChannels(weights));
        int[] outHw = outputSize(input);
        INDArray out = workspaceMgr.createUninitialized(type, input.dataType(),
                new long[] {input.size(0), outputChannels(weights), outHw[0], outHw[1]}, 'c');
        forward(input, weights, bias(training, workspaceMgr), out);
        return out;
    }

    private INDArray bias(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return hasBias() ? FastLayerSupport.vector(
                getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr)) : null;
    }

    ConvGeometry geometry() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return ConvGeometry.of(c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(),
                c.getConvolutionMode());
    }
}
