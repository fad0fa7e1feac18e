package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of global average pooling, [N,C,H,W] to [N,C], computed as one H x W {@code avgpool2d} window
 * (and {@code avgpool2d_bp} backward) instead of DL4J's reduction + broadcast. Same JSON fields as DL4J's
 * {@link GlobalPoolingLayer} with AVG pooling over H and W; no masks. Build it with {@link FastLayers#globalAvgPool}.
 */
public class FastGlobalAveragePooling extends GlobalPoolingLayer {

    /** Average pooling over the spatial dimensions, collapsed to [N,C]. */
    public FastGlobalAveragePooling() {
        super(PoolingType.AVG);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        FastGlobalAveragePooling c = (FastGlobalAveragePooling) conf.getLayer();
        if (c.getPoolingType() != PoolingType.AVG || !c.isCollapseDimensions()) {
            throw new IllegalArgumentException("FastGlobalAveragePooling: expected AVG pooling collapsed to [N,C], "
                    + "got " + c.getPoolingType() + " collapseDimensions=" + c.isCollapseDimensions());
        }
        return FastLayerSupport.wire(new FastGlobalAveragePoolingLayer(conf, networkDataType), conf, listeners,
                layerIndex, null, initializeParams);
    }
}
