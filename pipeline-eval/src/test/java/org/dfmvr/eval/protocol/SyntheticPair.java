package org.dfmvr.eval.protocol;

import java.util.Random;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.SyntheticSurfaces;
import org.dfmvr.mesh.TriangleMesh;

/**
 * A prediction / scan pair with a known answer: the prediction is the bumpy dome at 1.5 units ("decimetres", like
 * BFM), the scan is the same surface at 150 mm, central 80%, re-sampled on another grid, moved by a rigid transform,
 * with Gaussian vertex noise and noisy landmarks. So the true predicted-to-scan transform has scale 100 and the only
 * error left after a perfect registration is the noise.
 */
final class SyntheticPair {
    final LandmarkedMesh predicted;
    final LandmarkedMesh scan;
    final SimilarityTransform truePredictedToScan;

    SyntheticPair(long seed, double vertexNoiseMm, double landmarkNoiseMm) {
        Random random = new Random(seed);
        TriangleMesh prediction = SyntheticSurfaces.bumpyDome(130, 1.5);
        predicted = new LandmarkedMesh(prediction, SyntheticSurfaces.landmarks(1.5));
        SimilarityTransform placeScan = SimilarityTransform.rigid(
                SyntheticSurfaces.randomRotation(random, Math.toRadians(30)), new double[] {10, 20, -30});
        truePredictedToScan = new SimilarityTransform(100, SimilarityTransform.identity().rotation(), new double[3])
                .followedBy(placeScan);
        TriangleMesh shape = SyntheticSurfaces.bumpyDome(110, 150, 0.8);
        scan = new LandmarkedMesh(SyntheticSurfaces.movedNoisyCopy(shape, placeScan, vertexNoiseMm, random),
                SyntheticSurfaces.withNoise(placeScan.apply(SyntheticSurfaces.landmarks(150)), landmarkNoiseMm, random));
    }
}
