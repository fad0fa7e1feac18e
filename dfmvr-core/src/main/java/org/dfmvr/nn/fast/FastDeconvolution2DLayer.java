package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;
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
 * Runtime of {@link FastDeconvolution2D}: forward = {@code deconv2d} then the activation in place; backward = the
 * activation's derivative then {@code deconv2d_bp} (input, weight and bias gradients in one call). A non-identity
 * activation costs one recomputed forward in backward, as in {@link FastConvolution2DLayer}.
 */
public class FastDeconvolution2DLayer extends Deconvolution2DLayer {

    public FastDeconvolution2DLayer(NeuralNetConfiguration conf, DataType dataType) {
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
        INDArray weights = getParamWithNoise(DeconvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray bias = hasBias() ? FastLayerSupport.vector(
                getParamWithNoise(DeconvolutionParamInitializer.BIAS_KEY, true, workspaceMgr)) : null;
        IActivation afn = layerConf().getActivationFn();
        INDArray delta = afn instanceof ActivationIdentity ? epsilon
                : afn.backprop(preActivation(true, workspaceMgr, ArrayType.BP_WORKING_MEM), epsilon).getFirst();

        INDArray gradInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        INDArray gradWeights = gradientViews.get(DeconvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradBias = hasBias() ? Nd4j.createUninitialized(weights.dataType(), weights.size(1)) : null;
        NativeOps.deconv2dBackprop(input, weights, bias, delta.castTo(input.dataType()), geometry(), gradInput,
                gradWeights, gradBias);

        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray gradBiasView = gradientViews.get(DeconvolutionParamInitializer.BIAS_KEY);
            gradBiasView.assign(gradBias.reshape(gradBiasView.shape()));
            gradient.setGradientFor(DeconvolutionParamInitializer.BIAS_KEY, gradBiasView);
        }
        gradient.setGradientFor(DeconvolutionParamInitializer.WEIGHT_KEY, gradWeights, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(gradInput));
    }

    /** deconv(input) + bias, [N,oC,oH,oW], allocated as {@code type}. */
    private INDArray preActivation(boolean training, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray weights = getParamWithNoise(DeconvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = hasBias() ? FastLayerSupport.vector(
                getParamWithNoise(DeconvolutionParamInitializer.BIAS_KEY, training, workspaceMgr)) : null;
        FastLayerSupport.requireInput(layerId(), input, weights.size(0));
        org.deeplearning4j.nn.conf.layers.Deconvolution2D c = (org.deeplearning4j.nn.conf.layers.Deconvolution2D)
                layerConf();
        int[] outHw = ConvolutionUtils.getDeconvolutionOutputSize(input, c.getKernelSize(), c.getStride(),
                c.getPadding(), c.getConvolutionMode(), c.getDilation(), c.getCnn2dDataFormat());
        INDArray out = workspaceMgr.createUninitialized(type, input.dataType(),
                new long[] {input.size(0), weights.size(1), outHw[0], outHw[1]}, 'c');
        NativeOps.deconv2d(input, weights, bias, geometry(), out);
        return out;
    }

    private ConvGeometry geometry() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return ConvGeometry.of(c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(),
                c.getConvolutionMode());
    }
}
