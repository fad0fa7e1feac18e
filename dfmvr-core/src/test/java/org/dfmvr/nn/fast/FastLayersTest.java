package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer factory: which implementation each choice returns, and rejection of bad arguments and inputs. */
class FastLayersTest {

    @Test
    void givenEachImplementation_whenLayersBuilt_thenNativeGivesOurClassesAndStockGivesDl4jClasses() {
        for (FastLayers.Implementation impl : FastLayers.Implementation.values()) {
            FastLayers layers = FastLayers.of(impl);
            assertEquals(impl, layers.implementation());
            for (Layer l : List.of(layers.conv(2, 3, 3, 1), layers.batchNorm(3), layers.maxPool2(),
                    layers.avgPool2(), layers.deconv2x2(3, 2), layers.globalAvgPool(), layers.relu())) {
                boolean ours = l.getClass().getPackageName().equals(FastLayers.class.getPackageName());
                assertEquals(impl == FastLayers.Implementation.NATIVE, ours, impl + " gave " + l.getClass());
            }
        }
    }

    @Test
    void givenNonPositiveChannels_whenBuilt_thenRejectedNamingTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastLayers.nativeOps().deconv2x2(0, 4));
        assertEquals("nIn: expected >= 1, got 0", e.getMessage());
    }

    @Test
    void givenRank2Input_whenPooled_thenRejectedWithTheShape() {
        SingleLayer pool = SingleLayer.of(FastLayers.nativeOps().maxPool2(), DataType.FLOAT, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.forward(Nd4j.zeros(DataType.FLOAT, 2, 8), false));
        assertTrue(e.getMessage().contains("rank 4") && e.getMessage().contains("[2, 8]"), e.getMessage());
    }
}
