package org.dfmvr.bench.fastcpu;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.dfmvr.nn.fast.ConvGeometry;
import org.dfmvr.nn.fast.FastLayers;
import org.dfmvr.nn.fast.NativeBackend;
import org.dfmvr.nn.fast.NativeOps;
import org.dfmvr.nn.fast.SingleLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Issue 10's per-layer table: for each op, DL4J's stock layer and the layer {@link FastLayers} returns, forward +
 * backward, float32, median wall and process-CPU time of 11 runs after 3 warm-ups; plus libnd4j's pooling and
 * deconvolution ops called directly (the floor a layer over them could reach). Each row is timed twice: with fresh
 * output and gradient arrays per call (what {@link SingleLayer} does), and inside workspaces set up as a training
 * ComputationGraph sets them up ({@link GraphWorkspaces}), which is how the layers run in our network; the issue's
 * targets and the PyTorch ratio use the second. Prints a markdown table with the issue's stock and PyTorch numbers
 * and the ratios to them.
 */
public final class LayerBench {
    private LayerBench() {
    }

    /** One table row: the op, its stock and fast layer confs, the input shape, and the issue's reference numbers. */
    private record Case(String op, List<Layer> stock, List<Layer> fast, long[] input, String issueStockMs,
            double pytorchMs, double targetMs) {
    }

    public static void main(String[] args) {
        System.out.println("# loaded: " + NativeBackend.loaded() + "; CPU: " + MedianTimer.cpuModel() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores; " + MedianTimer.loadAverage());
        FastLayers stock = FastLayers.stock();
        FastLayers fast = FastLayers.nativeOps();
        long[] bn = {8, 64, 64, 64};
        List<Case> cases = List.of(
                new Case("conv 3x3 32->32 [8,32,64,64] fwd+bwd", List.of(stock.conv(32, 32, 3, 1)),
                        List.of(fast.conv(32, 32, 3, 1)), new long[] {8, 32, 64, 64}, "812-995", 40.1, 60),
                new Case("conv 3x3 64->64 [1,64,224,224] fwd+bwd", List.of(stock.conv(64, 64, 3, 1)),
                        List.of(fast.conv(64, 64, 3, 1)), new long[] {1, 64, 224, 224}, "3000-3300", 208, 310),
                new Case("BatchNorm+ReLU [8,64,64,64] fwd+bwd", stock.batchNormRelu(64), fast.batchNormRelu(64), bn,
                        "376-396", 9.6, 25),
                new Case("BatchNorm then separate ReLU layer [8,64,64,64] fwd+bwd", stock.batchNormRelu(64),
                        List.of(fast.batchNorm(64), fast.relu()), bn, "-", Double.NaN, Double.NaN),
                new Case("BatchNorm alone [8,64,64,64] fwd+bwd", List.of(stock.batchNorm(64)),
                        List.of(fast.batchNorm(64)), bn, "-", Double.NaN, Double.NaN),
                new Case("ReLU alone [8,64,64,64] fwd+bwd", List.of(stock.relu()),
                        List.of(fast.relu()), bn, "-", Double.NaN, Double.NaN),
                new Case("maxpool 2x2 [8,64,64,64] fwd+bwd", List.of(stock.maxPool2()), List.of(fast.maxPool2()), bn,
                        "35-89", 10.3, Double.NaN),
                new Case("avgpool 2x2 [8,64,64,64] fwd+bwd", List.of(stock.avgPool2()), List.of(fast.avgPool2()), bn,
                        "-", Double.NaN, Double.NaN),
                new Case("deconv k2s2 64->32 [8,64,32,32] fwd+bwd", List.of(stock.deconv2x2(64, 32)),
                        List.of(fast.deconv2x2(64, 32)), new long[] {8, 64, 32, 32}, "-", Double.NaN, Double.NaN),
                new Case("global avg pool [8,64,64,64] fwd+bwd", List.of(stock.globalAvgPool()),
                        List.of(fast.globalAvgPool()), bn, "-", Double.NaN, Double.NaN));

        System.out.println("| op | fresh arrays: stock ms (CPU ms) | fast ms (CPU ms) | speed-up "
                + "| graph workspaces: stock ms (CPU ms) | fast ms (CPU ms) | speed-up "
                + "| issue stock ms | PyTorch ms | fast in workspaces / PyTorch | target ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Case c : cases) {
            MedianTimer.Timing stockMs = time(c.stock(), c.input(), false);
            MedianTimer.Timing fastMs = time(c.fast(), c.input(), false);
            MedianTimer.Timing stockWs = time(c.stock(), c.input(), true);
            MedianTimer.Timing fastWs = time(c.fast(), c.input(), true);
            System.out.printf("| %s | %.1f (%.0f) | %.1f (%.0f) | %.1fx | %.1f (%.0f) | %.1f (%.0f) | %.1fx "
                    + "| %s | %s | %s | %s |%n", c.op(),
                    stockMs.wallMs(), stockMs.cpuMs(), fastMs.wallMs(), fastMs.cpuMs(),
                    stockMs.wallMs() / fastMs.wallMs(),
                    stockWs.wallMs(), stockWs.cpuMs(), fastWs.wallMs(), fastWs.cpuMs(),
                    stockWs.wallMs() / fastWs.wallMs(), c.issueStockMs(), fmt(c.pytorchMs()),
                    Double.isNaN(c.pytorchMs()) ? "-" : String.format("%.2f", fastWs.wallMs() / c.pytorchMs()),
                    fmt(c.targetMs()));
        }
        nativeRows();
        System.out.println("# after: " + MedianTimer.loadAverage());
    }

    /**
     * Median ms of forward(training) + backward through a chain of layers on random input: with fresh arrays per
     * call, or inside ComputationGraph-like workspaces, where outputs and gradients reuse workspace memory.
     */
    private static MedianTimer.Timing time(List<Layer> confs, long[] inputShape, boolean inWorkspaces) {
        List<SingleLayer> chain = confs.stream().map(c -> SingleLayer.of(c, DataType.FLOAT, 7)).toList();
        INDArray x = Nd4j.rand(DataType.FLOAT, inputShape);
        INDArray gradOut = Nd4j.rand(DataType.FLOAT, forward(chain, x).shape());
        if (inWorkspaces) {
            GraphWorkspaces graph = new GraphWorkspaces(chain.stream().map(SingleLayer::layer).toList());
            return MedianTimer.time(() -> graph.step(x, gradOut));
        }
        return MedianTimer.time(() -> {
            forward(chain, x);
            INDArray g = gradOut;
            for (int i = chain.size() - 1; i >= 0; i--) {
                g = chain.get(i).backward(g).getSecond();
            }
        });
    }

    private static INDArray forward(List<SingleLayer> chain, INDArray x) {
        INDArray a = x;
        for (SingleLayer l : chain) {
            a = l.forward(a, true);
        }
        return a;
    }

    private static void nativeRows() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 64, 64, 64);
        INDArray y = Nd4j.create(DataType.FLOAT, 8, 64, 32, 32);
        INDArray gy = Nd4j.rand(DataType.FLOAT, 8, 64, 32, 32);
        INDArray gx = Nd4j.create(DataType.FLOAT, 8, 64, 64, 64);
        ConvGeometry pool = new ConvGeometry(2, 2, 2, 2, 0, 0, 1, 1, false);
        double max = MedianTimer.medianMs(() -> {
            NativeOps.maxPool2d(x, pool, y);
            NativeOps.maxPool2dBackprop(x, gy, pool, gx);
        });
        double avg = MedianTimer.medianMs(() -> {
            NativeOps.avgPool2d(x, pool, false, y);
            NativeOps.avgPool2dBackprop(x, gy, pool, false, gx);
        });
        INDArray dx = Nd4j.rand(DataType.FLOAT, 8, 64, 32, 32);
        INDArray w = Nd4j.rand(DataType.FLOAT, 64, 32, 2, 2);
        INDArray b = Nd4j.rand(DataType.FLOAT, 32);
        INDArray dy = Nd4j.create(DataType.FLOAT, 8, 32, 64, 64);
        INDArray gdy = Nd4j.rand(DataType.FLOAT, 8, 32, 64, 64);
        INDArray gdx = Nd4j.create(DataType.FLOAT, 8, 64, 32, 32);
        INDArray gw = Nd4j.create(DataType.FLOAT, 64, 32, 2, 2);
        INDArray gb = Nd4j.create(DataType.FLOAT, 32);
        double deconv = MedianTimer.medianMs(() -> {
            NativeOps.deconv2d(dx, w, b, pool, dy);
            NativeOps.deconv2dBackprop(dx, w, b, gdy, pool, gdx, gw, gb);
        });
        System.out.println();
        System.out.println("| libnd4j op called directly, fwd+bwd | ms |");
        System.out.println("|---|---|");
        System.out.printf("| maxpool2d + maxpool2d_bp [8,64,64,64] | %.1f |%n", max);
        System.out.printf("| avgpool2d + avgpool2d_bp [8,64,64,64] | %.1f |%n", avg);
        System.out.printf("| deconv2d + deconv2d_bp k2s2 64->32 [8,64,32,32] | %.1f |%n", deconv);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.1f", v);
    }
}
