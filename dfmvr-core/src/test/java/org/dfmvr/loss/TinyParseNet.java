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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.dfmvr.nn.BiSeNetBuilder;
import org.dfmvr.nn.BiSeNetSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import java.util.List;
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

    /**
     * A random BiSeNet (32 px, 2..8 channels, 10 classes) after one Adam step on random labels (so its batch-norm
     * statistics are not the initial ones), as the frozen inference copy a parse bundle holds, in double.
     */
    static ComputationGraph bisenet() {
        BiSeNetSpec spec = new BiSeNetSpec("micro", 32, CLASSES, List.of(2, 4, 4, 4), 1, 4, 8, 2, true, 5L);
        BiSeNetBuilder builder = new BiSeNetBuilder(spec).dataType(DataType.DOUBLE).updater(new Adam(1e-2));
        ComputationGraph net = builder.build();
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, CLASSES, 32, 32);
        y.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all()).assign(1);
        net.fit(new INDArray[] {x}, new INDArray[] {y, y, y});
        return builder.inferenceCopy(net);
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
