package org.dfmvr.bench.fastcpu;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.dfmvr.nn.fast.ConvGeometry;
import org.dfmvr.nn.fast.FastLayers;
import org.dfmvr.nn.fast.NativeBackend;
import org.dfmvr.nn.fast.NativeOps;
import org.dfmvr.nn.fast.SingleLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Foundation backend benchmark: run once per ND4J classifier, each in its own JVM with only that classifier's
 * native jar on the classpath (see {@code bench/run-fastcpu-backends}). Times, median of 11 after 3 warm-ups:
 * DL4J's stock ConvolutionLayer 3x3 32->32 on [8,32,64,64] forward+backward, the same through libnd4j's
 * conv2d/conv2d_bp ops, a 512x512 float32 matmul, and the tiny-preset-like train step with the native-op layers
 * (the number the default classifier is chosen by). Prints one markdown table row.
 */
public final class BackendBench {
    private BackendBench() {
    }

    public static void main(String[] args) {
        NativeBackend nb = NativeBackend.loaded();
        System.out.println("# loaded: " + nb);
        Nd4j.getRandom().setSeed(42);

        INDArray a = Nd4j.rand(DataType.FLOAT, 512, 512);
        INDArray b = Nd4j.rand(DataType.FLOAT, 512, 512);
        INDArray c = Nd4j.create(DataType.FLOAT, 512, 512);
        MedianTimer.Timing matmul = MedianTimer.time(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));

        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 32, 64, 64);
        INDArray w = Nd4j.rand(DataType.FLOAT, 32, 32, 3, 3).subi(0.5);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 32);
        INDArray y = Nd4j.create(DataType.FLOAT, 8, 32, 64, 64);
        INDArray gy = Nd4j.rand(DataType.FLOAT, 8, 32, 64, 64);
        INDArray gx = Nd4j.create(DataType.FLOAT, 8, 32, 64, 64);
        INDArray gw = Nd4j.create(DataType.FLOAT, 32, 32, 3, 3);
        INDArray gb = Nd4j.create(DataType.FLOAT, 32);
        ConvGeometry g = new ConvGeometry(3, 3, 1, 1, 1, 1, 1, 1, false);
        MedianTimer.Timing nativeFwd = MedianTimer.time(() -> NativeOps.conv2d(x, w, bias, g, y));
        MedianTimer.Timing nativeFwdBwd = MedianTimer.time(() -> {
            NativeOps.conv2d(x, w, bias, g, y);
            NativeOps.conv2dBackprop(x, w, bias, gy, g, gx, gw, gb);
        });

        SingleLayer stock = SingleLayer.of(new ConvolutionLayer.Builder(3, 3).nIn(32).nOut(32).padding(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), DataType.FLOAT, 1);
        MedianTimer.Timing layerFwdBwd = MedianTimer.time(() -> {
            stock.forward(x, true);
            stock.backward(gy);
        });

        MedianTimer.Timing trainStep = TrainStep.time(FastLayers.nativeOps());

        System.out.println("| classifier (loaded) | matmul 512 | native conv fwd | native conv fwd+bwd "
                + "| DL4J ConvolutionLayer fwd+bwd | train step, native layers | CPU | load |");
        System.out.printf("| %s | %s | %s | %s | %s | %s | %s, %d cores | %s |%n", nb.platform(), cell(matmul),
                cell(nativeFwd), cell(nativeFwdBwd), cell(layerFwdBwd), cell(trainStep), MedianTimer.cpuModel(),
                Runtime.getRuntime().availableProcessors(), MedianTimer.loadAverage());
    }

    /** "wall ms (CPU ms)". */
    private static String cell(MedianTimer.Timing t) {
        return String.format("%.1f (%.0f)", t.wallMs(), t.cpuMs());
    }
}
