package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link FastSubsampling}: one native pooling op forward, its {@code _bp} op backward. */
public class FastSubsamplingLayer extends SubsamplingLayer {

    public FastSubsamplingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        FastLayerSupport.requireRank4(layerId(), input);
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        int[] outHw = ConvolutionUtils.getOutputSize(input, c.getKernelSize(), c.getStride(), c.getPadding(),
                c.getConvolutionMode(), c.getDilation(), c.getCnn2dDataFormat());
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {input.size(0), input.size(1), outHw[0], outHw[1]}, 'c');
        if (c.getPoolingType() == PoolingType.MAX) {
            NativeOps.maxPool2d(input, geometry(), out);
        } else {
            NativeOps.avgPool2d(input, geometry(), c.isAvgPoolIncludePadInDivisor(), out);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        INDArray gradInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        INDArray gradOutput = epsilon.castTo(input.dataType());
        if (c.getPoolingType() == PoolingType.MAX) {
            NativeOps.maxPool2dBackprop(input, gradOutput, geometry(), gradInput);
        } else {
            NativeOps.avgPool2dBackprop(input, gradOutput, geometry(), c.isAvgPoolIncludePadInDivisor(), gradInput);
        }
        return new Pair<>(new DefaultGradient(), backpropDropOutIfPresent(gradInput));
    }

    private ConvGeometry geometry() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return ConvGeometry.of(c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(),
                c.getConvolutionMode());
    }
}
