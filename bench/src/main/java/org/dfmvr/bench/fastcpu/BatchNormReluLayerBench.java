package org.dfmvr.bench.fastcpu;

import org.deeplearning4j.nn.api.Layer;
import org.dfmvr.nn.fast.BatchNormKernel;
import org.dfmvr.nn.fast.FastLayers;
import org.dfmvr.nn.fast.NativeBackend;
import org.dfmvr.nn.fast.SingleLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Issue 10's BatchNorm+ReLU check ([8,64,64,64] float32, training, forward + backward) in one JVM run: the Java
 * kernel on preallocated arrays, the fused layer without workspaces (every output and gradient a fresh 8 MB
 * off-heap array, as {@link SingleLayer} and {@link LayerBench} run it) and inside workspaces set up as a
 * ComputationGraph sets them up for training ({@link GraphWorkspaces}), and DL4J's stock BatchNormalization +
 * ActivationLayer(ReLU) both ways, for the ratio. Per row: median wall ms of {@link #RUNS} runs after
 * {@link MedianTimer#WARMUP} warm-ups, the best of those runs, and the mean process CPU ms per run (all threads). On
 * this shared machine the median carries the other processes' load; best and CPU are closer to the work itself.
 *
 * <p>usage: {@code OMP_NUM_THREADS=T bench/run org.dfmvr.bench.fastcpu.BatchNormReluLayerBench T}: the Java kernel
 * runs on a ForkJoin pool of T threads (its parallel stream runs in the pool of the thread that calls it), and
 * OMP_NUM_THREADS sets libnd4j's threads (stock layers, the small ND4J ops in the layer) to match.
 */
public final class BatchNormReluLayerBench {
    private static final long[] SHAPE = {8, 64, 64, 64};
    private static final int CHANNELS = (int) SHAPE[1];
    private static final double TARGET_MS = 25;
    private static final double PYTORCH_MS = 9.6;
    private static final int JIT_WARMUP = 30;
    private static final int RUNS = 21;

    private BatchNormReluLayerBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        System.out.println("# loaded: " + NativeBackend.loaded().platform() + "; CPU: " + MedianTimer.cpuModel() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores; Java kernel threads " + threads
                + "; OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + "; " + MedianTimer.loadAverage());
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            // the whole run is one task, so it stays on one thread (DL4J workspaces are per thread)
            pool.submit(BatchNormReluLayerBench::run).join();
        } finally {
            pool.shutdown();
        }
        System.out.println("# after: " + MedianTimer.loadAverage());
    }

    private static void run() {
        INDArray x = Nd4j.randn(DataType.FLOAT, SHAPE);
        INDArray dy = Nd4j.randn(DataType.FLOAT, SHAPE);
        System.out.println("| what | median ms | best ms | mean CPU ms |");
        System.out.println("|---|---|---|---|");

        INDArray gamma = Nd4j.rand(DataType.FLOAT, CHANNELS).addi(0.5);
        INDArray beta = Nd4j.rand(DataType.FLOAT, CHANNELS).subi(0.5);
        INDArray out = Nd4j.create(DataType.FLOAT, SHAPE);
        INDArray dx = Nd4j.create(DataType.FLOAT, SHAPE);
        INDArray dGamma = Nd4j.create(DataType.FLOAT, CHANNELS);
        INDArray dBeta = Nd4j.create(DataType.FLOAT, CHANNELS);
        double eps = 1e-5;
        // JIT warm-up of the kernel's loops before any row: MedianTimer's 3 warm-ups per row are too few for C2 to
        // have compiled them when the first row starts (first runs measured 15-23 ms forward, then 5-8 ms)
        for (int i = 0; i < JIT_WARMUP; i++) {
            BatchNormKernel.forwardTraining(x, gamma, beta, eps, true, out);
            BatchNormKernel.backward(x, gamma, beta, dy, eps, true, dx, dGamma, dBeta);
            BatchNormKernel.forwardTraining(x, gamma, beta, eps, false, out);
            BatchNormKernel.backward(x, gamma, beta, dy, eps, false, dx, dGamma, dBeta);
        }
        row("kernel, preallocated arrays: forward", () -> BatchNormKernel.forwardTraining(x, gamma, beta, eps, true,
                out));
        row("kernel, preallocated arrays: backward (incl. statistics recompute)", () -> BatchNormKernel.backward(x,
                gamma, beta, dy, eps, true, dx, dGamma, dBeta));
        MedianTimer.Timing kernel = row("kernel, preallocated arrays: forward + backward", () -> {
            BatchNormKernel.forwardTraining(x, gamma, beta, eps, true, out);
            BatchNormKernel.backward(x, gamma, beta, dy, eps, true, dx, dGamma, dBeta);
        });

        List<Layer> fused = instantiate(FastLayers.nativeOps().batchNormRelu(CHANNELS));
        List<Layer> stock = instantiate(FastLayers.stock().batchNormRelu(CHANNELS));
        MedianTimer.Timing fusedNoWs = row("fused layer, no workspaces (fresh output + gradient arrays): fwd + bwd",
                () -> withoutWorkspaces(fused, x, dy));
        GraphWorkspaces fusedGraph = new GraphWorkspaces(fused);
        MedianTimer.Timing fusedWs = row("fused layer, graph-like workspaces: fwd + bwd",
                () -> fusedGraph.step(x, dy));
        MedianTimer.Timing stockNoWs = row("stock BN + ReLU layers, no workspaces: fwd + bwd",
                () -> withoutWorkspaces(stock, x, dy));
        GraphWorkspaces stockGraph = new GraphWorkspaces(stock);
        MedianTimer.Timing stockWs = row("stock BN + ReLU layers, graph-like workspaces: fwd + bwd",
                () -> stockGraph.step(x, dy));
        List<Layer> plain = instantiate(List.of(FastLayers.nativeOps().batchNorm(CHANNELS)));
        GraphWorkspaces plainGraph = new GraphWorkspaces(plain);
        row("Java BN layer without ReLU, graph-like workspaces: fwd + bwd", () -> plainGraph.step(x, dy));

        System.out.println();
        System.out.printf("stock / fused (median wall): %.1fx without workspaces, %.1fx with. Fused layer with "
                + "workspaces: median %.1f ms, best %.1f ms, mean CPU %.1f ms (target <= %.0f; PyTorch %.1f ms). "
                + "Kernel alone: median %.1f ms, best %.1f ms%n",
                stockNoWs.wallMs() / fusedNoWs.wallMs(), stockWs.wallMs() / fusedWs.wallMs(), fusedWs.wallMs(),
                fusedWs.bestWallMs(), fusedWs.meanCpuMs(), TARGET_MS, PYTORCH_MS, kernel.wallMs(),
                kernel.bestWallMs());
    }

    private static List<Layer> instantiate(List<org.deeplearning4j.nn.conf.layers.Layer> confs) {
        return confs.stream().map(c -> SingleLayer.of(c, DataType.FLOAT, 7).layer()).toList();
    }

    private static void withoutWorkspaces(List<Layer> chain, INDArray x, INDArray dy) {
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr none =
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        INDArray a = x;
        for (Layer l : chain) {
            l.setInput(a, none);
            a = l.activate(true, none);
        }
        INDArray g = dy;
        for (int i = chain.size() - 1; i >= 0; i--) {
            g = chain.get(i).backpropGradient(g, none).getSecond();
        }
    }

    private static MedianTimer.Timing row(String what, Runnable op) {
        MedianTimer.Timing t = MedianTimer.time(op, MedianTimer.WARMUP, RUNS);
        System.out.printf("| %s | %.1f | %.1f | %.1f |%n", what, t.wallMs(), t.bestWallMs(), t.meanCpuMs());
        return t;
    }
}
