package org.dfmvr.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack works end to end in this build: a local SparkSession made by our session factory trains a two-input
 * ComputationGraph through {@link SparkComputationGraph} with DL4J's parameter-server {@link SharedTrainingMaster}
 * (the path the train job takes), and the held-out score measured on the driver improves.
 * (In local mode no gradients cross nodes; the multi-JVM proof belongs to the train job's distributed test.)
 */
@Tag("spark")
class SparkParameterServerSmokeTest {
    @Test
    @Timeout(300)
    void givenATwoViewRegressionTask_whenTrainedThroughTheParameterServer_thenTheHeldOutScoreImproves() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        JavaSparkContext sc = LocalSpark.context();
        DfmvrConfig cfg = DfmvrConfig.defaults();
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .networkMask(cfg.getString("dfmvr.parameter-server.network-mask"))
                .controllerAddress(cfg.getString("dfmvr.parameter-server.controller-address"))
                .build();
        SharedTrainingMaster master = new SharedTrainingMaster.Builder(voidConf, 16)
                .batchSizePerWorker(16).workersPerNode(1).updatesThreshold(1e-3).rngSeed(7)
                .collectTrainingStats(false).build();

        List<MultiDataSet> batches = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            batches.add(twoViewBatch(16, 100 + i));
        }
        JavaRDD<MultiDataSet> rdd = sc.parallelize(batches, 2);
        MultiDataSet heldOut = twoViewBatch(128, 1);

        SparkComputationGraph spark = new SparkComputationGraph(sc, graph(), master);
        double before = spark.getNetwork().score(heldOut);
        for (int epoch = 0; epoch < 2; epoch++) {
            spark.fitMultiDataSet(rdd);
        }
        double after = spark.getNetwork().score(heldOut);
        master.deleteTempFiles(sc);
        System.out.printf("parameter-server smoke test: held-out MSE %.5f -> %.5f%n", before, after);
        assertTrue(after < 0.7 * before, "held-out score " + before + " -> " + after);
    }

    private static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(7).updater(new Adam(3e-3))
                .weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("left", "right")
                .setInputTypes(InputType.convolutional(12, 12, 1), InputType.convolutional(12, 12, 1))
                .addVertex("views", new MergeVertex(), "left", "right")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).convolutionMode(ConvolutionMode.Same).nOut(8)
                        .activation(Activation.RELU).build(), "views")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
    }

    /** Target: mean brightness of the left view minus that of the right one (learnable from pooled features). */
    private static MultiDataSet twoViewBatch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray left = Nd4j.rand(DataType.FLOAT, n, 1, 12, 12).muli(Nd4j.rand(DataType.FLOAT, n, 1, 1, 1).muli(2));
        INDArray right = Nd4j.rand(DataType.FLOAT, n, 1, 12, 12);
        INDArray y = left.mean(1, 2, 3).sub(right.mean(1, 2, 3)).reshape(n, 1);
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {left, right}, new INDArray[] {y});
    }
}
