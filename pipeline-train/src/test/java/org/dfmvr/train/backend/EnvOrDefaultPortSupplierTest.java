package org.dfmvr.train.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvOrDefaultPortSupplierTest {
    @Test
    void givenTheVariableIsUnset_whenAskedForThePort_thenTheDefault() {
        assertThat(new EnvOrDefaultPortSupplier("DFMVR_TEST_SURELY_UNSET_PORT", 40555).getPort()).isEqualTo(40555);
    }

    @Test
    void givenAVariableHoldingAPath_whenAskedForThePort_thenTheErrorNamesVariableAndValue() {
        // PATH is set in every environment and is not a port number
        assertThatThrownBy(() -> new EnvOrDefaultPortSupplier("PATH", 40555).getPort())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("environment variable PATH: expected a port 1..65535, got '");
    }
}
