package org.dfmvr.bench.fastcpu;

import org.dfmvr.nn.fast.FastLayers;
import org.dfmvr.nn.fast.NativeBackend;

/**
 * Issue 10's train-step check: one fit step of the tiny-preset-like probe UNet (3 views of 4x64x64, batch 8) with
 * DL4J's stock layers and with the native-op layers, median wall and CPU time of 11 after 3 warm-ups; prints the
 * speed-up (target >= 5x).
 */
public final class TrainStepBench {
    private TrainStepBench() {
    }

    public static void main(String[] args) {
        System.out.println("# loaded: " + NativeBackend.loaded().platform() + "; CPU: " + MedianTimer.cpuModel()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores; " + MedianTimer.loadAverage());
        MedianTimer.Timing fast = TrainStep.time(FastLayers.nativeOps());
        MedianTimer.Timing stock = TrainStep.time(FastLayers.stock());
        System.out.println("| train step (probe UNet, 3x4x64x64, batch 8), classifier | stock layers ms (CPU ms) "
                + "| native layers ms (CPU ms) | speed-up wall (CPU) | target |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| %s | %.0f (%.0f) | %.0f (%.0f) | %.1fx (%.1fx) | >= 5x |%n",
                NativeBackend.loaded().platform(), stock.wallMs(), stock.cpuMs(), fast.wallMs(), fast.cpuMs(),
                stock.wallMs() / fast.wallMs(), stock.cpuMs() / fast.cpuMs());
        System.out.println("# after: " + MedianTimer.loadAverage());
    }
}
