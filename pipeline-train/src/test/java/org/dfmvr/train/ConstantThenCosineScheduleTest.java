package org.dfmvr.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.config.DfmvrConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConstantThenCosineScheduleTest {
    private static final ConstantThenCosineSchedule PAPER = new ConstantThenCosineSchedule(1e-4, 1e-6, 50, 280);

    @Test
    void givenThePaperSchedule_whenRead_thenConstantFor50EpochsThenCosineToTheFloor() {
        assertThat(PAPER.valueAt(0, 0)).isEqualTo(1e-4);
        assertThat(PAPER.valueAt(999, 49)).isEqualTo(1e-4);
        assertThat(PAPER.valueAt(0, 50)).isCloseTo(1e-4, within(1e-15));
        // half-way through the cosine (epoch 50 + 230/2 = 165): the midpoint of initial and floor
        assertThat(PAPER.valueAt(0, 165)).isCloseTo((1e-4 + 1e-6) / 2, within(1e-12));
        assertThat(PAPER.valueAt(0, 279)).isBetween(1e-6, 1.01e-6);
        assertThat(PAPER.valueAt(0, 280)).isEqualTo(1e-6);
        assertThat(PAPER.valueAt(0, 400)).as("a resumed run longer than planned holds the floor").isEqualTo(1e-6);
        for (int e = 50; e < 280; e++) {
            assertThat(PAPER.valueAt(0, e + 1)).as("epoch %d", e).isLessThan(PAPER.valueAt(0, e));
        }
    }

    @Test
    void givenAShortRun_whenScaled_thenTheSwitchIsTheSameFractionOfTheRun() {
        ConstantThenCosineSchedule ten = ConstantThenCosineSchedule.scaled(1e-4, 1e-6, 50, 280, 10);
        assertThat(ten.getConstantEpochs()).isEqualTo(2); // round(10 * 50 / 280)
        assertThat(ten.valueAt(0, 1)).isEqualTo(1e-4);
        assertThat(ten.valueAt(0, 3)).isLessThan(1e-4);
        assertThat(ConstantThenCosineSchedule.scaled(1e-4, 1e-6, 50, 280, 280)).isEqualTo(PAPER);
    }

    @Test
    void givenTheReferenceConfig_whenSettingsAreRead_thenTheyGiveThePaperSchedule() {
        TrainSettings s = TrainSettings.from(DfmvrConfig.load(null, Map.of("dfmvr.train.epochs", "280")));
        assertThat(s.lr().schedule(s.epochs())).isEqualTo(PAPER);
    }

    @Test
    void givenAGraphWithTheSchedule_whenItsConfigurationRoundTripsThroughJson_thenTheScheduleAndEpochSurvive() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Adam(PAPER))
                .graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(2)
                        .activation(Activation.IDENTITY).build(), "in")
                .setOutputs("out").build();
        conf.setEpochCount(165);
        ComputationGraph restored = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
        restored.init();

        assertThat(((Adam) ((org.deeplearning4j.nn.conf.layers.BaseLayer) restored.getLayer("out").conf().getLayer())
                .getIUpdater()).getLearningRateSchedule()).isEqualTo(PAPER);
        assertThat(TrainRunner.learningRate(restored)).isCloseTo(PAPER.valueAt(0, 165), within(1e-15));
    }
}
