package org.dfmvr.infer;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.fitting.LandmarkFitSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code dfmvr.infer.*}: the reference defaults and errors that name the key. */
class InferSettingsTest {
    @Test
    void givenTheReferenceConfig_whenRead_thenTheDocumentedDefaults() {
        InferSettings s = InferSettings.from(DfmvrConfig.load(null, Map.of()));
        assertEquals("obj", s.meshFormat());
        assertEquals(8, s.batchSize());
        assertEquals(1, s.minViews());
        assertThat(s.overlay()).isFalse();
        assertThat(s.archiveRoots()).isEmpty();
        assertEquals(new QualitySettings(6.0, 0.2), s.quality());
        assertEquals(TextureSettings.OFF, s.texture());
        assertEquals(new LandmarkFitSettings(true, 50, 1.0, 1.0, 1.0).withUseDetected(false), s.landmarkFit());
    }

    @Test
    void givenANonPositiveLandmarkSigma_whenRead_thenTheErrorNamesTheKeyAndTheValue() {
        assertThatThrownBy(() -> InferSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.infer.landmark-fit.landmark-sigma-px", "0")))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("dfmvr.infer.landmark-fit").hasMessageContaining("landmark-sigma-px")
                .hasMessageContaining("0.0");
    }

    @Test
    void givenARobustLossAndAPriorWeight_whenRead_thenTheFitUsesThem() {
        InferSettings s = InferSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.infer.landmark-fit.robust", "tukey", "dfmvr.infer.landmark-fit.robust-scale-px", "4",
                "dfmvr.infer.landmark-fit.prior-weight", "0.5")));
        assertEquals(new LandmarkFitSettings(true, 50, 1.0, 1.0, 1.0)
                .withRobust(LandmarkFitSettings.RobustLoss.TUKEY, 4).withPriorWeight(0.5).withUseDetected(false),
                s.landmarkFit());
    }

    @Test
    void givenAnUnknownRobustLossOrANegativePriorWeight_whenRead_thenTheErrorNamesTheKey() {
        assertThatThrownBy(() -> InferSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.infer.landmark-fit.robust", "cauchy")))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("dfmvr.infer.landmark-fit.robust").hasMessageContaining("cauchy");
        assertThatThrownBy(() -> InferSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.infer.landmark-fit.prior-weight", "-1")))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("prior-weight").hasMessageContaining("-1.0");
    }

    @Test
    void givenTextureBakingWithPlyMeshes_whenRead_thenTheErrorSaysBakingNeedsObj() {
        assertThatThrownBy(() -> InferSettings.from(DfmvrConfig.load(null, Map.of("dfmvr.infer.texture.bake", "true",
                "dfmvr.infer.mesh-format", "ply")))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("dfmvr.infer.texture.bake").hasMessageContaining("mesh-format = obj");
    }

    @Test
    void givenAnUnknownMeshFormat_whenRead_thenTheErrorNamesTheKey() {
        assertThatThrownBy(() -> InferSettings.from(DfmvrConfig.load(null, Map.of("dfmvr.infer.mesh-format",
                "stl")))).isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.infer.mesh-format")
                .hasMessageContaining("stl");
    }

    @Test
    void givenAPhotometricThresholdAboveOne_whenRead_thenTheErrorNamesTheKeyAndTheValue() {
        assertThatThrownBy(() -> InferSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.infer.quality.max-photometric-residual", "3")))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("max-photometric-residual").hasMessageContaining("3.0");
    }
}
