package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of a batch normalisation over the channels of NCHW activations computed by {@link BatchNormKernel}
 * (plain Java, parallel over channels). Same parameters (gamma, beta and
 * the running mean and variance / log10 std), JSON fields and running-statistics update as DL4J's
 * {@link BatchNormalization}; rank-4 NCHW input only, learned gamma/beta only (no {@code lockGammaBeta}), identity
 * activation only (the stock layer ignores its activation, so any other value would silently differ). Build it
 * with {@link FastLayers#batchNorm}.
 */
public class FastBatchNormalization extends BatchNormalization {

    /** For JSON deserialisation; {@link FastLayers#batchNorm} sets the fields. */
    public FastBatchNormalization() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        FastBatchNormalization c = (FastBatchNormalization) conf.getLayer();
        String name = getClass().getSimpleName();
        FastLayerSupport.requireNchw(name, c.getCnn2DFormat());
        if (c.isLockGammaBeta()) {
            throw new IllegalArgumentException(name + " lockGammaBeta: expected false, got true");
        }
        c.requireActivation(c.getActivationFn());
        return FastLayerSupport.wire(new FastBatchNormalizationLayer(conf, networkDataType, fusedRelu()), conf,
                listeners, layerIndex, paramsView, initializeParams);
    }

    /** Whether the layer applies ReLU to its output ({@link FastBatchNormRelu}). */
    boolean fusedRelu() {
        return false;
    }

    /** Rejects an activation this configuration does not compute. */
    void requireActivation(IActivation activation) {
        if (!(activation instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("FastBatchNormalization activation: expected identity (DL4J's "
                    + "BatchNormalization ignores it; use FastLayers.batchNormRelu or follow with FastLayers.relu()), "
                    + "got " + activation);
        }
    }
}
