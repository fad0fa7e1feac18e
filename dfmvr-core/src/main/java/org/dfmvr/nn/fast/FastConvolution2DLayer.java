package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link FastConvolution2D}: forward = {@code conv2d} then the activation in place; backward = the
 * activation's derivative then {@code conv2d_bp}, which yields the input, weight and bias gradients in one native
 * call. With an identity activation the backward pass needs no recomputation; with another activation the
 * pre-activation is recomputed once (DL4J layers keep no state between forward and backward).
 */
public class FastConvolution2DLayer extends ConvolutionLayer {

    public FastConvolution2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

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
        INDArray bias = hasBias()
                ? FastLayerSupport.vector(getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr))
                : null;
        IActivation afn = layerConf().getActivationFn();
        INDArray delta = afn instanceof ActivationIdentity ? epsilon
                : afn.backprop(preActivation(true, workspaceMgr, ArrayType.BP_WORKING_MEM), epsilon).getFirst();

        INDArray gradInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        INDArray gradWeights = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradBias = hasBias() ? Nd4j.createUninitialized(weights.dataType(), weights.size(0)) : null;
        NativeOps.conv2dBackprop(input, weights, bias, delta.castTo(input.dataType()), geometry(), gradInput,
                gradWeights, gradBias);

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

    /** conv(input) + bias, [N,oC,oH,oW], allocated as {@code type}. */
    private INDArray preActivation(boolean training, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = hasBias()
                ? FastLayerSupport.vector(getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training,
                        workspaceMgr))
                : null;
        FastLayerSupport.requireInput(layerId(), input, weights.size(1));
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        int[] outHw = ConvolutionUtils.getOutputSize(input, c.getKernelSize(), c.getStride(), c.getPadding(),
                convolutionMode, c.getDilation(), c.getCnn2dDataFormat());
        INDArray out = workspaceMgr.createUninitialized(type, input.dataType(),
                new long[] {input.size(0), weights.size(0), outHw[0], outHw[1]}, 'c');
        NativeOps.conv2d(input, weights, bias, geometry(), out);
        return out;
    }

    private ConvGeometry geometry() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return ConvGeometry.of(c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(), convolutionMode);
    }
}
