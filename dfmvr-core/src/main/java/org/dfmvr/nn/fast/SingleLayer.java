package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One DL4J layer configuration instantiated outside a network, with its own parameter and gradient views: lets
 * tests compare a fast layer with its stock oracle on the same parameters, and lets benchmarks time one layer's
 * forward and backward pass without graph overhead. Runs without workspaces.
 */
public final class SingleLayer {
    private final Layer layer;
    private final INDArray params;

    private SingleLayer(Layer layer, INDArray params) {
        this.layer = layer;
        this.params = params;
    }

    /**
     * Instantiates {@code conf} (nIn/nOut set) with the defaults of a {@link NeuralNetConfiguration.Builder}, the
     * given data type and seed for weight initialisation.
     */
    public static SingleLayer of(org.deeplearning4j.nn.conf.layers.Layer conf, DataType dataType, long seed) {
        NeuralNetConfiguration nnc = new NeuralNetConfiguration.Builder().dataType(dataType).seed(seed).layer(conf)
                .build();
        long n = nnc.getLayer().initializer().numParams(nnc);
        INDArray params = Nd4j.create(dataType, 1, Math.max(n, 1));
        Layer layer = nnc.getLayer().instantiate(nnc, null, 0, n == 0 ? null : params, true, dataType);
        if (n > 0) {
            layer.setBackpropGradientsViewArray(Nd4j.create(dataType, 1, n));
        }
        return new SingleLayer(layer, params);
    }

    /** The instantiated layer. */
    public Layer layer() {
        return layer;
    }

    /** Flat view of all parameters, [1,numParams] ([1,1] holding an unused zero for a layer without parameters). */
    public INDArray params() {
        return params;
    }

    /** Copies parameters (same order and count as {@link #params()}) into this layer, casting the data type. */
    public void setParams(INDArray flat) {
        if (flat.length() != params.length()) {
            throw new IllegalArgumentException("params: expected " + params.length() + " values, got "
                    + flat.length());
        }
        params.assign(flat.castTo(params.dataType()).reshape(params.shape()));
    }

    /** Forward pass; {@code training} selects batch statistics for batch-norm. */
    public INDArray forward(INDArray input, boolean training) {
        layer.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        return layer.activate(training, LayerWorkspaceMgr.noWorkspaces());
    }

    /** Backward pass after {@link #forward}: parameter gradients and the gradient w.r.t. the input. */
    public Pair<Gradient, INDArray> backward(INDArray gradOutput) {
        return layer.backpropGradient(gradOutput, LayerWorkspaceMgr.noWorkspaces());
    }
}
