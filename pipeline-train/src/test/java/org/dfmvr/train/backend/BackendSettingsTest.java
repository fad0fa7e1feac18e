package org.dfmvr.train.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSettingsTest {
    private static BackendSettings with(int batch, double threshold, String mask, String controller, int port) {
        return new BackendSettings(batch, 1, threshold, false, 4, 7, mask, controller, port, "DL4J_PS_PORT", true);
    }

    @Test
    void givenValidValues_whenBuilt_thenKeptAsGiven() {
        BackendSettings s = with(16, 1e-3, "10.0.0.0/16", "10.0.0.1", 40123);
        assertThat(s.batchPerWorker()).isEqualTo(16);
        assertThat(s.controllerPort()).isEqualTo(40123);
        assertThat(s.withResyncAtEpochEnd(false).resyncAtEpochEnd()).isFalse();
    }

    @Test
    void givenAZeroBatch_whenBuilt_thenTheErrorNamesTheSettingAndValue() {
        assertThatThrownBy(() -> with(0, 1e-3, "10.0.0.0/16", "10.0.0.1", 40123))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batchPerWorker: expected >= 1, got 0");
    }

    @Test
    void givenAHostnameAsController_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> with(16, 1e-3, "10.0.0.0/16", "driver.local", 40123))
                .hasMessageContaining("controllerAddress: expected an IPv4 address").hasMessageContaining("driver.local");
    }

    @Test
    void givenAThresholdOutsideTheUnitInterval_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> with(16, 0, "10.0.0.0/16", "10.0.0.1", 40123))
                .hasMessage("updatesThreshold: expected in (0, 1), got 0.0");
    }

    @Test
    void givenAMaskWithoutPrefixLength_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> with(16, 1e-3, "10.0.0.0", "10.0.0.1", 40123))
                .hasMessageContaining("networkMask");
    }

    @Test
    void givenAPortOutOfRange_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> with(16, 1e-3, "10.0.0.0/16", "10.0.0.1", 70000))
                .hasMessage("controllerPort: expected 1..65535, got 70000");
    }
}
