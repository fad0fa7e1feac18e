package org.dfmvr.bench.fastcpu;

import org.dfmvr.nn.fast.FastLayers;
import org.dfmvr.nn.fast.NativeBackend;
import org.dfmvr.nn.fast.NativeOps;
import org.dfmvr.nn.fast.SingleLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the time of batch norm + ReLU on [8,64,64,64] (float32, training) goes: each libnd4j op of the previous
 * native composition (moments, batchnorm, relu forward; moments, relu_bp, batchnorm_bp backward) on preallocated
 * arrays, an 8 MB allocation, and the fused Java layer's forward and backward passes, all in one run (median of 11
 * after 3 warm-ups, ms wall (process CPU ms)).
 */
public final class BatchNormReluProfile {
    private static final long[] SHAPE = {8, 64, 64, 64};

    private BatchNormReluProfile() {
    }

    public static void main(String[] args) {
        System.out.println("# loaded: " + NativeBackend.loaded().platform() + "; CPU: " + MedianTimer.cpuModel() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores; OMP_NUM_THREADS="
                + System.getenv("OMP_NUM_THREADS") + "; " + MedianTimer.loadAverage());
        int c = (int) SHAPE[1];
        INDArray x = Nd4j.randn(DataType.FLOAT, SHAPE);
        INDArray dy = Nd4j.randn(DataType.FLOAT, SHAPE);
        INDArray y = Nd4j.create(DataType.FLOAT, SHAPE);
        INDArray r = Nd4j.create(DataType.FLOAT, SHAPE);
        INDArray dr = Nd4j.create(DataType.FLOAT, SHAPE);
        INDArray dx = Nd4j.create(DataType.FLOAT, SHAPE);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
        INDArray beta = Nd4j.rand(DataType.FLOAT, c).subi(0.5);
        INDArray mean = Nd4j.create(DataType.FLOAT, c);
        INDArray var = Nd4j.create(DataType.FLOAT, c);
        INDArray dGamma = Nd4j.create(DataType.FLOAT, c);
        INDArray dBeta = Nd4j.create(DataType.FLOAT, c);
        double eps = 1e-5;

        System.out.println("| step | ms (CPU ms) |");
        System.out.println("|---|---|");
        row("libnd4j moments (batch mean + variance)", () -> Nd4j.exec(DynamicCustomOp.builder("moments")
                .addInputs(x).addOutputs(mean, var).addIntegerArguments(0, 2, 3).build()));
        row("libnd4j batchnorm (forward)", () -> NativeOps.batchNorm(x, mean, var, gamma, beta, eps, y));
        row("libnd4j relu (forward)", () -> NativeOps.relu(y, r));
        row("libnd4j relu_bp", () -> NativeOps.reluBackprop(y, dy, dr));
        row("libnd4j batchnorm_bp", () -> NativeOps.batchNormBackprop(x, mean, var, gamma, beta, dr, eps, dx,
                dGamma, dBeta));
        row("allocate one [8,64,64,64] float array (Nd4j.createUninitialized)",
                () -> Nd4j.createUninitialized(DataType.FLOAT, SHAPE));
        row("previous layers' ops: 2x moments + batchnorm + relu + relu_bp + batchnorm_bp", () -> {
            for (int pass = 0; pass < 2; pass++) {
                Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mean, var)
                        .addIntegerArguments(0, 2, 3).build());
            }
            NativeOps.batchNorm(x, mean, var, gamma, beta, eps, y);
            NativeOps.relu(y, r);
            NativeOps.reluBackprop(y, dy, dr);
            NativeOps.batchNormBackprop(x, mean, var, gamma, beta, dr, eps, dx, dGamma, dBeta);
        });
        SingleLayer fused = SingleLayer.of(FastLayers.nativeOps().batchNormRelu(c).get(0), DataType.FLOAT, 7);
        row("fused Java BN+ReLU layer, forward (incl. output allocation)", () -> fused.forward(x, true));
        fused.forward(x, true);
        row("fused Java BN+ReLU layer, backward (incl. statistics recompute, allocation)", () -> fused.backward(dy));
        row("fused Java BN+ReLU layer, forward + backward", () -> {
            fused.forward(x, true);
            fused.backward(dy);
        });
        SingleLayer plain = SingleLayer.of(FastLayers.nativeOps().batchNorm(c), DataType.FLOAT, 7);
        row("Java BN layer without ReLU, forward + backward", () -> {
            plain.forward(x, true);
            plain.backward(dy);
        });
        System.out.println("# after: " + MedianTimer.loadAverage());
    }

    private static void row(String step, Runnable op) {
        MedianTimer.Timing t = MedianTimer.time(op);
        System.out.printf("| %s | %.1f (%.0f) |%n", step, t.wallMs(), t.cpuMs());
    }
}
