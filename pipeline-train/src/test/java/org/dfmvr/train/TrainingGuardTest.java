package org.dfmvr.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard on a plain (single-JVM) graph; on Spark executors: {@link GuardRailsOnSparkTest}. */
class TrainingGuardTest {
    static final int CHECK_STEPS = 5;

    @Test
    void givenAHealthyRun_whenTrained_thenTheGuardLetsItThrough() {
        ComputationGraph model = model(new Sgd(1e-2));
        for (MultiDataSet b : batches(3 * CHECK_STEPS, false)) {
            model.fit(b);
        }
        assertThat(model.score()).isFinite();
    }

    @Test
    void givenAnAbsurdLearningRate_whenTrained_thenItFailsNamingTheStepTheLastFiniteLossAndTheFix() {
        ComputationGraph model = model(new Sgd(1e8));
        assertThatThrownBy(() -> batches(20, false).forEach(model::fit))
                .isInstanceOf(TrainingGuard.GuardFailure.class)
                .hasMessageStartingWith(TrainingGuard.PREFIX)
                .hasMessageMatching("(?s).*(loss is (NaN|Infinity)|parameters are not finite).* at step \\d+ .*")
                .hasMessageContaining("last finite loss")
                .hasMessageContaining("lower dfmvr.train.lr.initial (the rate now: 1.00e+08)");
    }

    @Test
    void givenParametersThatNeverMove_whenTrained_thenItFailsAfterTheCheckSteps() {
        ComputationGraph model = model(new Sgd(0));
        List<MultiDataSet> batches = batches(CHECK_STEPS + 3, false);
        for (int i = 0; i < CHECK_STEPS; i++) {
            model.fit(batches.get(i));
        }
        assertThatThrownBy(() -> model.fit(batches.get(CHECK_STEPS)))
                .isInstanceOf(TrainingGuard.GuardFailure.class)
                .hasMessageContaining("the parameters did not change over " + CHECK_STEPS + " steps");
    }

    static ComputationGraph model(IUpdater updater) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .seed(3).updater(updater).graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build(), "hidden")
                .setOutputs("out").build());
        g.init();
        g.setListeners(new TrainingGuard(CHECK_STEPS));
        return g;
    }

    /** y = sum(x) on 4 inputs, batches of 4; with {@code nan}, every input holds a NaN. */
    static List<MultiDataSet> batches(int count, boolean nan) {
        Nd4j.getRandom().setSeed(5);
        List<MultiDataSet> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, 4);
            if (nan) {
                x.putScalar(0, 0, Float.NaN);
            }
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(x, x.sum(true, 1)));
        }
        return out;
    }
}
