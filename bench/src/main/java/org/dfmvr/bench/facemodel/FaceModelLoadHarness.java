package org.dfmvr.bench.facemodel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dfmvr.facemodel.FaceModelCache;
import org.dfmvr.facemodel.FaceModelSource;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;

/**
 * One-shot costs that JMH's steady state hides: building or importing a model and writing and reading its cache.
 * Each spec is loaded {@code repeats} times in this JVM; the first (cold) and the best later time are printed with
 * the cache file size. usage: {@code FaceModelLoadHarness <repeats> <spec>...}, e.g.
 * {@code 3 synthface:1 ict:../shared/data/ict-facekit/FaceXModel}.
 */
public final class FaceModelLoadHarness {
    private FaceModelLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: FaceModelLoadHarness <repeats> <spec>...");
        }
        int repeats = Integer.parseInt(args[0]);
        System.out.println("| spec | vertices | triangles | ranks id/exp/tex | load cold ms | load best ms "
                + "| cache MiB | cache write ms | cache read cold ms | cache read best ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int s = 1; s < args.length; s++) {
            FaceModelSource source = FaceModels.source(args[s]);
            double[] load = new double[repeats];
            MorphableModel m = null;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                m = source.load();
                load[i] = (System.nanoTime() - t0) / 1e6;
            }
            Path file = Files.createTempFile("facemodel-harness", ".fmc");
            long t0 = System.nanoTime();
            FaceModelCache.write(m, file);
            double write = (System.nanoTime() - t0) / 1e6;
            double[] read = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long t1 = System.nanoTime();
                MorphableModel back = FaceModelCache.read(file);
                read[i] = (System.nanoTime() - t1) / 1e6;
                if (!back.sameAs(m)) {
                    throw new IllegalStateException("cache round trip of " + args[s] + " changed the model");
                }
            }
            System.out.printf("| %s | %d | %d | %d/%d/%d | %.0f | %.0f | %.1f | %.0f | %.0f | %.0f |%n", args[s],
                    m.vertexCount(), m.triangleCount(), m.idRank(), m.expRank(), m.texRank(), load[0], best(load),
                    Files.size(file) / 1048576.0, write, read[0], best(read));
            Files.delete(file);
        }
    }

    private static double best(double[] t) {
        double b = t[0];
        for (int i = 1; i < t.length; i++) {
            b = Math.min(b, t[i]);
        }
        return b;
    }
}
