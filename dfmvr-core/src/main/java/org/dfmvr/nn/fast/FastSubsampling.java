package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of max or average 2-D pooling computed by libnd4j's {@code maxpool2d}/{@code maxpool2d_bp} and
 * {@code avgpool2d}/{@code avgpool2d_bp} ops, called directly on the layer's arrays (DL4J's stock layer wraps the
 * same ops with extra copies; see bench/results-fastcpu.md). Same JSON fields and output shapes as DL4J's
 * {@link SubsamplingLayer}; NCHW, MAX and AVG only. Build it with {@link FastLayers#maxPool2}/{@link
 * FastLayers#avgPool2}.
 */
public class FastSubsampling extends SubsamplingLayer {

    /** For JSON deserialisation. */
    public FastSubsampling() {
    }

    FastSubsampling(SubsamplingLayer.Builder builder) {
        super(builder);
        FastLayerSupport.requireNchw("FastSubsampling", getCnn2dDataFormat());
        org.deeplearning4j.nn.conf.layers.PoolingType type = getPoolingType();
        if (type != org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                && type != org.deeplearning4j.nn.conf.layers.PoolingType.AVG) {
            throw new IllegalArgumentException("FastSubsampling pooling type: expected MAX or AVG, got "
                    + type);
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return FastLayerSupport.wire(new FastSubsamplingLayer(conf, networkDataType), conf, listeners, layerIndex,
                null, initializeParams);
    }
}
