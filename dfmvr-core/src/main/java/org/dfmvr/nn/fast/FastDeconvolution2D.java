package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of a transposed 2-D convolution computed by libnd4j's {@code deconv2d}/{@code deconv2d_bp} ops
 * called directly on the layer's arrays (DL4J's stock layer permutes weights and copies around the same ops). Same
 * parameters ([nIn,nOut,kH,kW] weights, [nOut] bias), JSON fields and output shapes as DL4J's
 * {@link Deconvolution2D}; NCHW only. Build it with {@link FastLayers#deconv2x2}.
 */
public class FastDeconvolution2D extends Deconvolution2D {

    /** For JSON deserialisation. */
    public FastDeconvolution2D() {
    }

    FastDeconvolution2D(Deconvolution2D.Builder builder) {
        super(builder);
        FastLayerSupport.requireNchw("FastDeconvolution2D", getCnn2dDataFormat());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return FastLayerSupport.wire(new FastDeconvolution2DLayer(conf, networkDataType), conf, listeners,
                layerIndex, paramsView, initializeParams);
    }
}
