package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link FastConvolution2D}: libnd4j's {@code conv2d}/{@code conv2d_bp} on weights [oC,iC,kH,kW]
 * (forward, backward and activation handling in {@link NativeConvolutionLayer}).
 */
public class FastConvolution2DLayer extends NativeConvolutionLayer {

    public FastConvolution2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    long inputChannels(INDArray weights) {
        return weights.size(1);
    }

    @Override
    long outputChannels(INDArray weights) {
        return weights.size(0);
    }

    @Override
    int[] outputSize(INDArray input) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return ConvolutionUtils.getOutputSize(input, c.getKernelSize(), c.getStride(), c.getPadding(),
                c.getConvolutionMode(), c.getDilation(), c.getCnn2dDataFormat());
    }

    @Override
    void forward(INDArray input, INDArray weights, INDArray bias, INDArray out) {
        NativeOps.conv2d(input, weights, bias, geometry(), out);
    }

    @Override
    void backward(INDArray input, INDArray weights, INDArray bias, INDArray gradOutput, INDArray gradInput,
                  INDArray gradWeights, INDArray gradBias) {
        NativeOps.conv2dBackprop(input, weights, bias, gradOutput, geometry(), gradInput, gradWeights, gradBias);
    }
}
