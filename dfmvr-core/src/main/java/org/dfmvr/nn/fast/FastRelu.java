package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of a ReLU activation layer computed by libnd4j's {@code relu}/{@code relu_bp} ops, one pass each,
 * instead of DL4J's ActivationLayer (which copies the input and applies the derivative in separate passes). Same
 * JSON fields as DL4J's {@link ActivationLayer} with a plain ReLU. Build it with {@link FastLayers#relu}.
 */
public class FastRelu extends ActivationLayer {

    /** A plain ReLU (also used by JSON deserialisation). */
    public FastRelu() {
        super(Activation.RELU);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        FastRelu c = (FastRelu) conf.getLayer();
        FastLayerSupport.requirePlainRelu("FastRelu", c.getActivationFn());
        return FastLayerSupport.wire(new FastReluLayer(conf, networkDataType), conf, listeners, layerIndex, null,
                initializeParams);
    }
}
