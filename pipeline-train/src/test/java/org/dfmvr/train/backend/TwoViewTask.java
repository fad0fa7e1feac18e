package org.dfmvr.train.backend;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/**
 * A small learnable two-input regression (the shape of the DF-MVR graph's multi-view input, at toy size): inputs two
 * 1-channel 12x12 views, NCHW [B,1,12,12] in [0,2) and [0,1); target [B,2] = (mean(left) - mean(right), max(left))
 * plus Gaussian noise of standard deviation {@link #NOISE}. The noise gives the held-out MSE a floor of NOISE^2, so
 * "as good as local training" is a statement about reaching that floor rather than about how far below it a run got
 * by the last step.
 */
final class TwoViewTask {
    static final int BATCH = 16;
    static final double NOISE = 0.15;
    static final double LEARNING_RATE = 3e-3;

    private TwoViewTask() {
    }

    static ComputationGraph newModel(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(seed)
                .updater(new Adam(LEARNING_RATE)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("left", "right")
                .setInputTypes(InputType.convolutional(12, 12, 1), InputType.convolutional(12, 12, 1))
                .addVertex("views", new MergeVertex(), "left", "right")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).convolutionMode(ConvolutionMode.Same).nOut(8)
                        .activation(Activation.RELU).build(), "views")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same)
                        .nOut(8).activation(Activation.RELU).build(), "c1")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    static MultiDataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray left = Nd4j.rand(DataType.FLOAT, n, 1, 12, 12).muli(Nd4j.rand(DataType.FLOAT, n, 1, 1, 1).muli(2));
        INDArray right = Nd4j.rand(DataType.FLOAT, n, 1, 12, 12);
        INDArray y = Nd4j.concat(1, left.mean(1, 2, 3).sub(right.mean(1, 2, 3)).reshape(n, 1),
                left.max(1, 2, 3).reshape(n, 1)).addi(Nd4j.randn(DataType.FLOAT, n, 2).muli(NOISE));
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {left, right}, new INDArray[] {y});
    }

    static List<MultiDataSet> trainingBatches(int count) {
        List<MultiDataSet> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(batch(BATCH, 1000 + i));
        }
        return batches;
    }

    /** Held-out set, disjoint seeds from the training batches. */
    static MultiDataSet heldOut() {
        return batch(256, 7);
    }

    /** The reference: the same batches fitted in order on one JVM, {@code epochs} times. */
    static ComputationGraph trainLocally(List<MultiDataSet> batches, int epochs, long seed) {
        ComputationGraph model = newModel(seed);
        for (int e = 0; e < epochs; e++) {
            for (MultiDataSet b : batches) {
                model.fit(b);
            }
        }
        return model;
    }
}
