package org.dfmvr.loss;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Test fixture: a tiny random face-parse network with the {@link ParseNetTerm} contract (input [1,3,H,W], softmax
 * over 10 classes per pixel, per-pixel MCXENT loss layer), in double, stored where a loss can load it.
 */
final class TinyParseNet {
    static final int CLASSES = 10;

    private TinyParseNet() {
    }

    static MultiLayerNetwork build(int size) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.TANH).build())
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(CLASSES).activation(Activation.IDENTITY).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(size, size, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Writes a fresh network to a temporary file and returns its path. */
    static String stored(int size) {
        try {
            File f = File.createTempFile("tiny-parse-net", ".zip");
            f.deleteOnExit();
            ModelSerializer.writeModel(build(size), f, false);
            return f.getAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
