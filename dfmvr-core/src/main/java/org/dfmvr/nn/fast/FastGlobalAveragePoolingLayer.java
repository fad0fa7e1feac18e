package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.pooling.GlobalPoolingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link FastGlobalAveragePooling}: an H x W average-pooling window, output reshaped to [N,C]. */
public class FastGlobalAveragePoolingLayer extends GlobalPoolingLayer {

    public FastGlobalAveragePoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        FastLayerSupport.requireRank4(layerId(), input);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {input.size(0), input.size(1)}, 'c');
        NativeOps.avgPool2d(input, window(), false, out.reshape(input.size(0), input.size(1), 1, 1));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        FastLayerSupport.requireRank4(layerId(), input);
        INDArray gradInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        INDArray gradOutput = epsilon.castTo(input.dataType()).dup('c')
                .reshape(input.size(0), input.size(1), 1, 1);
        NativeOps.avgPool2dBackprop(input, gradOutput, window(), false, gradInput);
        return new Pair<>(new DefaultGradient(), backpropDropOutIfPresent(gradInput));
    }

    private ConvGeometry window() {
        return new ConvGeometry((int) input.size(2), (int) input.size(3), 1, 1, 0, 0, 1, 1, false);
    }
}
