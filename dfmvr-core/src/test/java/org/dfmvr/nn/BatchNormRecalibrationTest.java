package org.dfmvr.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

class BatchNormRecalibrationTest {

    @Test
    void givenAFreshTinyGraph_whenRecalibratedOnOneBatch_thenItsInferenceOutputOnThatBatchEqualsTheTrainingOutput() {
        NetworkSpec spec = NetworkSpec.tiny();
        ComputationGraph graph = new DfmvrNetworkBuilder(spec).build();
        INDArray[] views = DfmvrNetworkBuilderTest.randomViews(spec, 4, DataType.FLOAT, 7);
        for (INDArray v : views) {
            v.muli(3).addi(2); // far from the initial running statistics (mean 0, variance 1)
        }
        INDArray training = graph.output(true, views)[0].dup();
        double before = relativeDifference(graph.output(false, views)[0], training);

        int layers = BatchNormRecalibration.recalibrate(graph, List.of(new MultiDataSet(views, null)));

        double after = relativeDifference(graph.output(false, views)[0], training);
        System.out.printf("tiny graph, %d batch-norm layers: |inference - training| / |training| %.3g before, %.3g "
                + "after recalibration%n", layers, before, after);
        assertThat(layers).isGreaterThan(10);
        assertThat(before).isGreaterThan(0.1);
        assertThat(after).isLessThan(1e-3);
    }

    @Test
    void givenAStockBatchNormLayer_whenRecalibrated_thenItsRunningStatisticsAreTheAverageBatchStatistics() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 4, 2))
                .addLayer("bn", new BatchNormalization.Builder().build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build(), "bn")
                .setOutputs("out").build());
        graph.init();
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.randn(DataType.DOUBLE, 8, 2, 4, 4).muli(2).addi(3);
        INDArray b = Nd4j.randn(DataType.DOUBLE, 8, 2, 4, 4).muli(2).addi(3);

        BatchNormRecalibration.recalibrate(graph, List.of(new MultiDataSet(a, null), new MultiDataSet(b, null)));

        double[] expectedMean = a.mean(0, 2, 3).add(b.mean(0, 2, 3)).div(2).toDoubleVector();
        double[] expectedVar = a.var(false, 0, 2, 3).add(b.var(false, 0, 2, 3)).div(2).toDoubleVector();
        double[] mean = graph.getLayer("bn").getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).toDoubleVector();
        double[] log10Std = graph.getLayer("bn").getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)
                .toDoubleVector();
        for (int c = 0; c < 2; c++) {
            assertThat(mean[c]).isCloseTo(expectedMean[c], within(1e-9));
            assertThat(Math.pow(10, 2 * log10Std[c])).isCloseTo(expectedVar[c], within(1e-9));
        }
    }

    @Test
    void givenNoBatches_whenRecalibrated_thenNothingChanges() {
        ComputationGraph graph = new DfmvrNetworkBuilder(NetworkSpec.tiny()).build();
        INDArray params = graph.params().dup();

        assertThat(BatchNormRecalibration.recalibrate(graph, List.of())).isZero();
        assertThat(graph.params()).isEqualTo(params);
    }

    private static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
    }
}
