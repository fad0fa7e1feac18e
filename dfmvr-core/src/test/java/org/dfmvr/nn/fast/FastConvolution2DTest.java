package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native convolution layer against DL4J's stock ConvolutionLayer as oracle (float32). */
class FastConvolution2DTest {

    @ParameterizedTest(name = "k{0} s{1} {2} bias={3} on [2,{4},{5},{6}]")
    @CsvSource({
            "3, 1, IDENTITY, true, 5, 9, 9",
            "3, 2, IDENTITY, true, 5, 9, 8",
            "1, 1, IDENTITY, true, 6, 7, 7",
            "1, 2, IDENTITY, false, 6, 8, 8",
            "3, 1, RELU, true, 4, 8, 8",
            "3, 2, TANH, false, 3, 10, 10"})
    void givenSameParams_whenForwardAndBackward_thenMatchesStockConvolution(int k, int s, Activation act,
            boolean bias, int nIn, int h, int w) {
        int nOut = 7;
        ConvolutionLayer stock = new ConvolutionLayer.Builder(k, k).stride(s, s).nIn(nIn).nOut(nOut)
                .convolutionMode(ConvolutionMode.Same).activation(act).hasBias(bias).build();
        StockOracle.assertSameAsStock(FastLayers.nativeOps().conv(nIn, nOut, k, s, act, bias), stock,
                new long[] {2, nIn, h, w},
                true, 11, false);
    }

    @Test
    void givenEvenKernel_whenBuilt_thenRejectedNamingTheKernel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastLayers.nativeOps().conv(3, 4, 2, 1));
        assertTrue(e.getMessage().contains("kernel") && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void givenInputWithWrongChannelCount_whenForward_thenRejectedWithExpectedAndActualShape() {
        SingleLayer fast = SingleLayer.of(FastLayers.nativeOps().conv(3, 4, 3, 1),
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fast.forward(org.nd4j.linalg.factory.Nd4j.zeros(1, 5, 6, 6), false));
        assertTrue(e.getMessage().contains("[N,3,H,W]") && e.getMessage().contains("[1, 5, 6, 6]"), e.getMessage());
    }
}
