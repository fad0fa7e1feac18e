package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native ReLU layer against DL4J's stock ActivationLayer(RELU) as oracle (float32). */
class FastReluTest {

    @Test
    void givenRandomInput_whenForwardAndBackward_thenMatchesStockActivationLayer() {
        StockOracle.assertSameAsStock(FastLayers.nativeOps().relu(),
                new ActivationLayer.Builder().activation(Activation.RELU).build(), new long[] {2, 3, 5, 4}, true, 51,
                false);
    }

    @Test
    void givenLeakyReluSettings_whenInstantiated_thenRejectedAsNotPlainRelu() {
        FastRelu relu = new FastRelu();
        relu.setActivationFn(new ActivationReLU(null, null, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SingleLayer.of(relu, DataType.FLOAT, 1));
        assertTrue(e.getMessage().contains("plain ReLU"), e.getMessage());
    }
}
