package org.dfmvr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.loss.LightingFrame;
import org.dfmvr.loss.LossWeights;
import org.dfmvr.train.sample.ViewDropout;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** The objective, view-dropout and augmentation keys of {@code dfmvr.train}: mapping, schedule and validation. */
class TrainSettingsTest {
    private static TrainSettings settings(Map<String, String> overrides) {
        return TrainSettings.from(DfmvrConfig.load(null, overrides));
    }

    @Test
    void givenTheDefaults_whenRead_thenTheOfficialWeightsWithoutMaskOwnViewLightingAndNoTransforms() {
        TrainSettings s = settings(Map.of());
        assertThat(s.loss().weights()).isEqualTo(LossWeights.official().withoutMask());
        assertThat(s.loss().lighting()).isEqualTo(LightingFrame.OWN_VIEW);
        assertThat(s.loss().objective(64, 3).parseNetPath()).isNull();
        assertThat(s.sampleTransform().isIdentity()).isTrue();
    }

    @Test
    void givenEveryLossKey_whenRead_thenEachMapsToItsWeightAndTheLightingToTheQuirk() {
        TrainSettings s = settings(Map.of("dfmvr.train.loss.photo", "1", "dfmvr.train.loss.lm2d", "2",
                "dfmvr.train.loss.lm3d", "3", "dfmvr.train.loss.para", "4", "dfmvr.train.loss.gamma", "5",
                "dfmvr.train.loss.reflect", "6", "dfmvr.train.loss.mask", "7", "dfmvr.train.loss.parse-net", "p.zip",
                "dfmvr.train.loss.lighting", "last-view-quirk"));
        assertThat(s.loss().weights()).isEqualTo(new LossWeights(2, 4, 6, 1, 5, 7, 3));
        assertThat(s.loss().lighting()).isEqualTo(LightingFrame.LAST_VIEW_QUIRK);
        assertThat(s.loss().objective(64, 3).parseNetPath()).isEqualTo("p.zip");
    }

    @Test
    void givenTheOfficialMaskStartOf280Epochs_whenScheduled_thenTheMaskTermCountsFromEpoch100() {
        TrainSettings s = settings(Map.of("dfmvr.train.loss.mask", "1", "dfmvr.train.loss.parse-net", "p.zip"));
        assertThat(s.loss().maskStartEpoch(280)).isEqualTo(100);
        assertThat(s.loss().maskHeld(99, 280)).isTrue();
        assertThat(s.loss().maskHeld(100, 280)).isFalse();
        assertThat(settings(Map.of()).loss().maskHeld(0, 280)).as("no mask weight, nothing to hold").isFalse();
    }

    @Test
    void givenANegativeOrMissingParseNetMaskWeight_whenRead_thenTheErrorNamesTheKey() {
        assertThatThrownBy(() -> settings(Map.of("dfmvr.train.loss.photo", "-1"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("dfmvr.train.loss.photo").hasMessageContaining("-1");
        assertThatThrownBy(() -> settings(Map.of("dfmvr.train.loss.mask", "1"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("dfmvr.train.loss.mask").hasMessageContaining("parse-net");
        assertThatThrownBy(() -> settings(Map.of("dfmvr.train.loss.mask-start-epoch-fraction", "1.5")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("mask-start-epoch-fraction");
    }

    @Test
    void givenViewDropoutAndAugmentationKeys_whenRead_thenTheTransformCarriesThemAndTheRunSeed() {
        TrainSettings s = settings(Map.of("dfmvr.train.view-dropout.enabled", "true",
                "dfmvr.train.view-dropout.patterns", "all-subsets", "dfmvr.train.augment.enabled", "true",
                "dfmvr.train.augment.blur-probability", "0.5", "dfmvr.run.seed", "22"));
        assertThat(s.sampleTransform().viewDropout()).isEqualTo(new ViewDropout(true, 2.0 / 3,
                ViewDropout.Patterns.ALL_SUBSETS));
        assertThat(s.sampleTransform().augmentation().blurProbability()).isEqualTo(0.5);
        assertThat(s.sampleTransform().seed()).isEqualTo(22);
        assertThatThrownBy(() -> settings(Map.of("dfmvr.train.augment.factor-min", "2")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.train.augment.factor-max");
    }

    @Test
    void givenTheParseModel_whenRead_thenItIsAcceptedWithItsPresetAndLearningRate() {
        TrainSettings s = settings(Map.of("dfmvr.train.model", "parse", "dfmvr.train.parse.preset", "paper",
                "dfmvr.train.parse.learning-rate", "0.01"));

        assertThat(s.model()).isEqualTo(TrainSettings.PARSE);
        assertThat(s.parse().preset()).isEqualTo("paper");
        assertThat(s.parse().learningRate()).isEqualTo(0.01);
    }

    @Test
    void givenTheParseDefaults_whenRead_thenThePresetsOutputStrideAndAConstantLearningRateAreUsed() {
        EpochClock.clear(); // the schedule reads the train job's clock when a test in this JVM set it
        TrainSettings.ParseNet parse = settings(Map.of("dfmvr.train.model", "parse")).parse();

        assertThat(parse.spec()).isEqualTo(org.dfmvr.nn.BiSeNetSpec.tiny());
        ConstantThenCosineSchedule schedule = parse.schedule(10);
        assertThat(schedule.valueAt(0, 0)).isEqualTo(parse.learningRate());
        assertThat(schedule.valueAt(0, 9)).isEqualTo(parse.learningRate());
    }

    @Test
    void givenAParseOutputStrideAndACosineDecay_whenRead_thenTheSpecAndTheScheduleCarryThem() {
        TrainSettings.ParseNet parse = settings(Map.of("dfmvr.train.model", "parse",
                "dfmvr.train.parse.output-stride", "4", "dfmvr.train.parse.learning-rate", "0.01",
                "dfmvr.train.parse.learning-rate-floor-factor", "0.1",
                "dfmvr.train.parse.constant-epoch-fraction", "0.3")).parse();
        EpochClock.clear();

        assertThat(parse.spec()).isEqualTo(org.dfmvr.nn.BiSeNetSpec.tiny().withOutputStride(4));
        ConstantThenCosineSchedule schedule = parse.schedule(10);
        assertThat(schedule.valueAt(0, 2)).isEqualTo(0.01);
        assertThat(schedule.valueAt(0, 3)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(schedule.valueAt(0, 6)).isBetween(0.001, 0.01);
        assertThat(schedule.valueAt(0, 10)).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> settings(Map.of("dfmvr.train.parse.output-stride", "16")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.train.parse.output-stride");
        assertThatThrownBy(() -> settings(Map.of("dfmvr.train.parse.learning-rate-floor-factor", "2")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.train.parse.learning-rate-floor-factor");
    }

    @Test
    void givenAParseLearningRateOfOne_whenRead_thenTheErrorNamesTheKey() {
        assertThatThrownBy(() -> settings(Map.of("dfmvr.train.parse.learning-rate", "1")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.train.parse.learning-rate");
    }
}
