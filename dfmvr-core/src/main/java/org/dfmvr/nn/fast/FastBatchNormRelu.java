package org.dfmvr.nn.fast;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;

/**
 * Batch normalisation followed by ReLU as one layer: the same parameters, parameter order, JSON fields and
 * running-statistics update as DL4J's {@code BatchNormalization}, with output max(BN(x), 0) computed in the same
 * pass (forward) and the ReLU mask applied inside the batch-norm backward, so the [N,C,H,W] tensor is not written
 * and re-read by a separate ReLU layer. Its stock equivalent is DL4J's BatchNormalization + ActivationLayer(ReLU);
 * the parameters of the two are interchangeable. Build it with {@link FastLayers#batchNormRelu}.
 */
public class FastBatchNormRelu extends FastBatchNormalization {

    /** A plain-ReLU activation (also used by JSON deserialisation); {@link FastLayers#batchNormRelu} sets the rest. */
    public FastBatchNormRelu() {
        setActivationFn(Activation.RELU.getActivationFunction());
    }

    @Override
    boolean fusedRelu() {
        return true;
    }

    @Override
    void requireActivation(IActivation activation) {
        FastLayerSupport.requirePlainRelu("FastBatchNormRelu", activation);
    }
}
