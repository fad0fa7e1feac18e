package org.dfmvr.bench.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dfmvr.eval.protocol.EvaluationProtocol;
import org.dfmvr.eval.protocol.LandmarkedMesh;
import org.dfmvr.eval.protocol.NowProtocol;
import org.dfmvr.eval.protocol.NowSettings;
import org.dfmvr.eval.protocol.PointToPlaneProtocol;
import org.dfmvr.eval.protocol.PointToPlaneSettings;
import org.dfmvr.eval.protocol.SampleEvaluation;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.SyntheticSurfaces;
import org.dfmvr.mesh.TriangleMesh;

/**
 * Mesh pairs per second of the two protocols for 35k-vertex predictions against 50k-point scans (the issue's
 * benchmark). Prediction: the synthetic bumpy face-sized dome, 188 x 188 = 35,344 vertices, 70,218 triangles, in
 * "decimetres"; scan: the same surface at 150 mm, central 80 %, 224 x 224 = 50,176 vertices, moved rigidly (up to
 * 30 degrees), 0.3 mm vertex noise, 1 mm landmark noise. Each pair is evaluated independently (one pair per task, as
 * in the Spark job); pairs run on a fixed pool of 1 or 2 threads after 2 warm-up pairs per protocol.
 * usage: EvalThroughputBench [pairs per measurement, default 8]
 */
public final class EvalThroughputBench {
    private EvalThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        TriangleMesh prediction = SyntheticSurfaces.bumpyDome(188, 1.5);
        LandmarkedMesh predicted = new LandmarkedMesh(prediction, SyntheticSurfaces.landmarks(1.5));
        TriangleMesh shape = SyntheticSurfaces.bumpyDome(224, 150, 0.8);
        List<LandmarkedMesh> scans = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < pairs; i++) {
            SimilarityTransform place = SimilarityTransform.rigid(
                    SyntheticSurfaces.randomRotation(random, Math.toRadians(30)),
                    new double[] {random.nextGaussian() * 10, random.nextGaussian() * 10, random.nextGaussian() * 10});
            scans.add(new LandmarkedMesh(SyntheticSurfaces.movedNoisyCopy(shape, place, 0.3, random),
                    SyntheticSurfaces.withNoise(place.apply(SyntheticSurfaces.landmarks(150)), 1.0, random)));
        }
        System.out.printf(Locale.ROOT, "prediction %d vertices / %d triangles, scan %d vertices, %d pairs, %s%n",
                prediction.vertexCount(), prediction.triangleCount(), shape.vertexCount(), pairs,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        EvaluationProtocol[] protocols = {new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS),
            new NowProtocol(NowSettings.DEFAULTS)};
        for (EvaluationProtocol protocol : protocols) {
            for (int w = 0; w < 2; w++) {
                protocol.evaluate(predicted, scans.get(w % pairs));
            }
            for (int threads : new int[] {1, 2}) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long t0 = System.nanoTime();
                List<Future<SampleEvaluation>> futures = new ArrayList<>();
                for (LandmarkedMesh scan : scans) {
                    futures.add(pool.submit(() -> protocol.evaluate(predicted, scan)));
                }
                double headline = 0, iterations = 0, cropped = 0;
                int flagged = 0;
                for (Future<SampleEvaluation> f : futures) {
                    SampleEvaluation e = f.get();
                    headline += e.headlineMm();
                    iterations += e.refinement().iterations();
                    cropped += e.scanVertexIndices().length;
                    flagged += e.registrationOk() ? 0 : 1;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                pool.shutdown();
                System.out.printf(Locale.ROOT, "%-10s threads=%d pairs/s=%.3f thread-s/pair=%.3f mean headline=%.4f mm "
                                + "mean ICP updates=%.1f mean cropped scan vertices=%.0f flagged=%d%n",
                        protocol.stamp().protocol(), threads, pairs / seconds, seconds * threads / pairs,
                        headline / pairs, iterations / pairs, cropped / pairs, flagged);
            }
        }
    }
}
