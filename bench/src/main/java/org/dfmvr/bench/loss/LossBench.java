package org.dfmvr.bench.loss;

import java.util.Arrays;
import org.dfmvr.loss.LabelLayout;
import org.dfmvr.loss.ObjectiveSettings;
import org.dfmvr.loss.WeakSupervisionLoss;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Harness: wall time of one {@code computeGradientAndScore} (forward + backward of the whole objective) of
 * {@link WeakSupervisionLoss} for a batch of 8 three-view examples, at 64x64 and 224x224, on the default synthface
 * (grid 97: 9409 vertices, 18432 triangles, ranks 80/64/80 -> 269 coefficients). Labels: grey images (0.5), weight
 * 128 everywhere, parse labels 0 (mask term off), landmarks at the image centre, all views present, 3D landmarks absent; coefficients 0 (mean face,
 * frontal, every view sees it). Usage: {@code LossBench [warmup] [iterations]}, defaults 3 and 10.
 */
public final class LossBench {
    private LossBench() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batch = 8;
        System.out.println("| image | batch | vertices | median ms | mean ms | min ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (int size : new int[] {64, 224}) {
            WeakSupervisionLoss loss = new WeakSupervisionLoss("synthface:7", ObjectiveSettings.defaults(size, 3));
            LabelLayout ll = loss.objective().labelLayout();
            double[] row = new double[ll.size()];
            for (int v = 0; v < 3; v++) {
                Arrays.fill(row, ll.imageOffset(v), ll.weightOffset(v), 0.5);
                Arrays.fill(row, ll.weightOffset(v), ll.parseOffset(v), 128);
                Arrays.fill(row, ll.landmarksOffset(v), ll.presentOffset(v), size / 2.0);
                row[ll.presentOffset(v)] = 1;
            }
            double[][] rows = new double[batch][];
            Arrays.fill(rows, row);
            INDArray labels = Nd4j.createFromArray(rows).castTo(DataType.FLOAT);
            INDArray pre = Nd4j.zeros(DataType.FLOAT, batch, loss.objective().coeffLayout().size());
            double[] ms = new double[iterations];
            for (int i = 0; i < warmup + iterations; i++) {
                long t0 = System.nanoTime();
                loss.computeGradientAndScore(labels, pre, Activation.IDENTITY.getActivationFunction(), null, true);
                if (i >= warmup) {
                    ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            System.out.printf("| %dx%d | %d | %d | %.1f | %.1f | %.1f |%n", size, size, batch,
                    loss.objective().model().vertexCount(), sorted[iterations / 2], Arrays.stream(ms).average()
                            .orElse(0), sorted[0]);
        }
    }
}
