package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of a 2-D convolution computed by libnd4j's {@code conv2d}/{@code conv2d_bp} ops (oneDNN on the
 * onednn classifiers) instead of DL4J's im2col + gemm. Same parameters, parameter layout, JSON fields and output
 * shapes as DL4J's {@link ConvolutionLayer}, so a graph can switch between the two without touching weights. NCHW
 * only. Build it with {@link FastLayers#conv}.
 */
public class FastConvolution2D extends ConvolutionLayer {

    /** For JSON deserialisation. */
    public FastConvolution2D() {
    }

    FastConvolution2D(ConvolutionLayer.Builder builder) {
        super(builder);
        FastLayerSupport.requireNchw("FastConvolution2D", getCnn2dDataFormat());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return FastLayerSupport.wire(new FastConvolution2DLayer(conf, networkDataType), conf, listeners, layerIndex,
                paramsView, initializeParams);
    }
}
