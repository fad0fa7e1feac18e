package org.dfmvr.bench.network;

import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.fast.FastLayers;
import org.dfmvr.nn.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Times (1) one inference forward pass of the {@code paper} preset at 224x224, batch 1, and (2) one training
 * forward+backward pass (computeGradientAndScore, MSE on random targets) of the {@code tiny} preset at 64x64,
 * batch 8, float32 on the ND4J CPU backend. Warm-up runs are discarded; prints median, min and max in
 * milliseconds as Markdown table rows.
 *
 * <p>usage: {@code NetworkTimingHarness [paperRuns] [tinyRuns] [native|stock]} (defaults 3, 5, native; warm-up 1
 * and 2; 0 runs skips that row): {@code stock} builds the same graph from DL4J's own layers, for the ratio.
 */
public final class NetworkTimingHarness {
    private NetworkTimingHarness() {
    }

    private static FastLayers LAYERS = FastLayers.nativeOps();

    public static void main(String[] args) {
        int paperRuns = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int tinyRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LAYERS = args.length > 2 && args[2].equals("stock") ? FastLayers.stock() : FastLayers.nativeOps();
        System.out.println("layers: " + LAYERS);
        System.out.println("| what | runs | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        // 0 runs skips a row (e.g. "0 7 stock" times only the tiny training step)
        if (tinyRuns > 0) {
            tinyTrainStep(tinyRuns);
        }
        if (paperRuns > 0) {
            paperForward(paperRuns);
        }
    }

    private static INDArray[] views(NetworkSpec spec, int batch) {
        INDArray[] v = new INDArray[spec.views()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Nd4j.rand(DataType.FLOAT, batch, spec.channelsPerView(), spec.imageSize(), spec.imageSize());
        }
        return v;
    }

    private static void paperForward(int runs) {
        NetworkSpec spec = NetworkSpec.paper();
        ComputationGraph net = new DfmvrNetworkBuilder(spec).layers(LAYERS).build();
        INDArray[] in = views(spec, 1);
        double[] ms = new double[runs];
        for (int r = -1; r < runs; r++) {
            long t0 = System.nanoTime();
            INDArray out = net.outputSingle(in);
            long t1 = System.nanoTime();
            if (out.size(1) != spec.outputSize()) {
                throw new IllegalStateException("paper output must be [1," + spec.outputSize() + "], got "
                        + Arrays.toString(out.shape()));
            }
            if (r >= 0) {
                ms[r] = (t1 - t0) / 1e6;
            }
        }
        row("paper forward (inference), 224x224, batch 1, 3 views", ms);
    }

    private static void tinyTrainStep(int runs) {
        NetworkSpec spec = NetworkSpec.tiny();
        ComputationGraph net = new DfmvrNetworkBuilder(spec).layers(LAYERS).build();
        INDArray[] in = views(spec, 8);
        INDArray[] labels = {Nd4j.randn(DataType.FLOAT, 8, spec.outputSize())};
        double[] ms = new double[runs];
        for (int r = -2; r < runs; r++) {
            long t0 = System.nanoTime();
            net.setInputs(in);
            net.setLabels(labels);
            net.computeGradientAndScore();
            long t1 = System.nanoTime();
            if (r >= 0) {
                ms[r] = (t1 - t0) / 1e6;
            }
        }
        row("tiny forward+backward (training mode), 64x64, batch 8, 3 views", ms);
    }

    private static void row(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("| %s | %d | %.0f | %.0f | %.0f |%n", what, s.length, s[s.length / 2], s[0],
                s[s.length - 1]);
    }
}
