package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of a batch normalisation over the channels of NCHW activations computed by libnd4j's
 * {@code batchnorm}/{@code batchnorm_bp} ops (oneDNN on the onednn classifiers). Same parameters (gamma, beta and
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
        FastLayerSupport.requireNchw("FastBatchNormalization", c.getCnn2DFormat());
        if (c.isLockGammaBeta()) {
            throw new IllegalArgumentException("FastBatchNormalization lockGammaBeta: expected false, got true");
        }
        if (!(c.getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("FastBatchNormalization activation: expected identity (DL4J's "
                    + "BatchNormalization ignores it; follow with FastLayers.relu()), got " + c.getActivationFn());
        }
        return FastLayerSupport.wire(new FastBatchNormalizationLayer(conf, networkDataType), conf, listeners,
                layerIndex, paramsView, initializeParams);
    }
}
