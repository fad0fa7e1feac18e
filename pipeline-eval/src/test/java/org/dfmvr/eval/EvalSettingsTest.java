package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.junit.jupiter.api.Test;

/** {@link EvalSettings#from}: prediction-set parsing and validation errors that name the key. */
class EvalSettingsTest {
    private static EvalSettings from(Map<String, String> overrides) {
        return EvalSettings.from(DfmvrConfig.load(null, overrides));
    }

    @Test
    void givenNamedAndBareSets_whenParsed_thenNamesComeFromTheNameOrTheLastPathComponent() {
        EvalSettings s = from(Map.of("dfmvr.eval.pred", "\"single=hdfs://nn:8020/infer/a,hdfs://nn:8020/infer/multi/\""));

        assertThat(s.predictions()).containsExactly(
                new EvalSettings.PredictionSet("single", "hdfs://nn:8020/infer/a"),
                new EvalSettings.PredictionSet("multi", "hdfs://nn:8020/infer/multi/"));
    }

    @Test
    void givenTwoSetsWithTheSameName_whenParsed_thenRejectedNamingTheKey() {
        assertThatThrownBy(() -> from(Map.of("dfmvr.eval.pred", "\"a=/x,a=/y\"")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.eval.pred").hasMessageContaining("distinct");
    }

    @Test
    void givenAnOutlierFactorOfAtMostOne_whenParsed_thenRejectedNamingKeyAndValue() {
        assertThatThrownBy(() -> from(Map.of("dfmvr.eval.outlier-factor", "0.5")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.eval.outlier-factor")
                .hasMessageContaining("0.5");
    }

    @Test
    void givenAnIcpTrimFractionOfOne_whenParsed_thenRejectedNamingTheKeyNotTheRecordField() {
        assertThatThrownBy(() -> from(Map.of("dfmvr.eval.icp.trim-fraction", "1")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.eval.icp.trim-fraction")
                .hasMessageContaining("[0, 1)");
    }

    @Test
    void givenNoProtocolOverride_whenParsed_thenDefaultsArePointPlaneWithoutADistanceLimit() {
        EvalSettings s = from(Map.of());

        assertThat(s.protocol().create().stamp().protocol()).isEqualTo("pointplane");
        assertThat(s.protocol().maxCorrespondenceDistanceMm()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.protocol().maxIterations()).isEqualTo(100);
    }
}
