package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/** What the fast layer configurations share: instantiating their implementation and checking their inputs. */
final class FastLayerSupport {
    private FastLayerSupport() {
    }

    /** Wires a freshly constructed layer implementation the way DL4J's own configurations do. */
    static Layer wire(AbstractLayer<?> layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int layerIndex, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        if (paramsView != null) {
            layer.setParamsViewArray(paramsView);
            Map<String, INDArray> table = conf.getLayer().initializer().init(conf, paramsView, initializeParams);
            layer.setParamTable(table);
        }
        layer.setConf(conf);
        return layer;
    }

    /** Rejects data formats the native path is not wired for. */
    static void requireNchw(String layer, CNN2DFormat format) {
        if (format != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException(layer + " data format: expected NCHW, got " + format);
        }
    }

    /** Rejects any activation but a plain ReLU (no cap, threshold or negative slope). */
    static void requirePlainRelu(String layer, IActivation activation) {
        if (!(activation instanceof ActivationReLU relu) || relu.getMax() != null || relu.getThreshold() != null
                || relu.getNegativeSlope() != null) {
            throw new IllegalArgumentException(layer + " activation: expected a plain ReLU, got " + activation);
        }
    }

    /** Rejects an input that is not [N,channels,H,W]. */
    static void requireInput(String layer, INDArray input, long channels) {
        if (input.rank() != 4 || input.size(1) != channels) {
            throw new IllegalArgumentException(layer + " input: expected [N," + channels + ",H,W] (NCHW), got "
                    + Arrays.toString(input.shape()));
        }
    }

    /** Rejects an input that is not rank 4 ([N,C,H,W]). */
    static void requireRank4(String layer, INDArray input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(layer + " input: expected rank 4 [N,C,H,W] (NCHW), got shape "
                    + Arrays.toString(input.shape()));
        }
    }

    /** A parameter stored as [1,C] or [C] as a rank-1 [C] array (a view when contiguous). */
    static INDArray vector(INDArray param) {
        return param.rank() == 1 ? param : param.reshape(param.length());
    }
}
