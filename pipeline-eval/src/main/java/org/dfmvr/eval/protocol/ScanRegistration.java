package org.dfmvr.eval.protocol;

import java.util.EnumSet;
import java.util.Set;
import org.dfmvr.geometry.ClosestSurfaceCorrespondences;
import org.dfmvr.geometry.Icp;
import org.dfmvr.geometry.IcpCriteria;
import org.dfmvr.geometry.IcpResult;
import org.dfmvr.geometry.MeshSurfaceIndex;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.TransformEstimator;
import org.dfmvr.geometry.Umeyama;

/**
 * The registration shared by both protocols: landmark similarity, ICP refinement of the cropped scan against the
 * landmark-aligned prediction's surface, and per-vertex distances of the cropped scan to the registered surface.
 *
 * <p>Direction: ICP moves the cropped scan points (source) onto the prediction's surface (target) because
 * correspondences run scan vertex -&gt; closest point on the predicted surface; the final
 * {@code predictedToScan = landmarkFit.followedBy(icp.inverse())}. Distances are measured in the ICP frame and divided
 * by the ICP scale, which equals measuring them in the scan frame against the prediction moved by
 * {@code predictedToScan} (a similarity scales all distances, point-to-plane ones included, by its scale).
 * The estimators are given {@link org.dfmvr.geometry.FitDirection#TARGET_TO_SOURCE}: each update is fitted as the
 * prediction moving onto the (current) scan points, which keeps the scan noise out of the regressors, so it does not
 * dilute the scale (the small curvature term that remains is described in {@code FitDirection}).
 */
final class ScanRegistration {
    private ScanRegistration() {
    }

    /**
     * @param cropped       0-based scan vertex indices kept by the crop, increasing
     * @param icpNormal     the normal the ICP's correspondences carry (see {@link ClosestSurfaceCorrespondences})
     * @param pointToPlane  true: per-vertex error |n.(x - q)| (n the face normal at q); false: |x - q|
     * @param headlineRms   true: headline = RMS of the per-vertex errors; false: their mean
     */
    static SampleEvaluation run(ProtocolStamp stamp, LandmarkedMesh predicted, LandmarkedMesh scan, int[] cropped,
                                double scanUnitMm, IcpCriteria criteria, TransformEstimator estimator,
                                ClosestSurfaceCorrespondences.Normal icpNormal, double maxScaleChange,
                                boolean pointToPlane, boolean headlineRms) {
        SimilarityTransform landmarkFit = Umeyama.fit(predicted.landmarks(), scan.landmarks(), true);
        if (cropped.length < criteria.minCorrespondences()) {
            return new SampleEvaluation(stamp, Double.NaN, ErrorSummary.EMPTY, new int[0], new double[0],
                    landmarkFit, null, EnumSet.of(RegistrationFlag.CROP_TOO_SMALL));
        }
        float[] positions = scan.mesh().positions();
        double[] points = new double[3 * cropped.length];
        for (int k = 0; k < cropped.length; k++) {
            for (int d = 0; d < 3; d++) {
                points[3 * k + d] = positions[3 * cropped[k] + d];
            }
        }
        MeshSurfaceIndex surface = new MeshSurfaceIndex(landmarkFit.apply(predicted.mesh()));
        IcpResult icp = new Icp(new ClosestSurfaceCorrespondences(surface, icpNormal), estimator, criteria)
                .register(points, SimilarityTransform.identity());
        SimilarityTransform scanToAligned = icp.sourceToTarget();

        double[] moved = scanToAligned.apply(points);
        double[] errors = new double[cropped.length];
        double[] hit = new double[4];
        double[] normal = new double[3];
        double toMm = scanUnitMm / scanToAligned.scale();
        for (int k = 0; k < cropped.length; k++) {
            double x = moved[3 * k], y = moved[3 * k + 1], z = moved[3 * k + 2];
            int t = surface.closestPoint(x, y, z, hit);
            double d;
            if (pointToPlane) {
                surface.faceNormal(t, normal, 0);
                d = Math.abs((x - hit[0]) * normal[0] + (y - hit[1]) * normal[1] + (z - hit[2]) * normal[2]);
            } else {
                d = Math.sqrt(hit[3]);
            }
            errors[k] = d * toMm;
        }
        ErrorSummary summary = ErrorStatistics.summarize(errors);
        Set<RegistrationFlag> flags = EnumSet.noneOf(RegistrationFlag.class);
        if (icp.termination() == IcpResult.Termination.TOO_FEW_CORRESPONDENCES) {
            flags.add(RegistrationFlag.TOO_FEW_CORRESPONDENCES);
        }
        if (icp.termination() == IcpResult.Termination.DEGENERATE) {
            flags.add(RegistrationFlag.DEGENERATE);
        }
        if (Math.max(scanToAligned.scale(), 1 / scanToAligned.scale()) > maxScaleChange) {
            flags.add(RegistrationFlag.SCALE_OUT_OF_RANGE);
        }
        return new SampleEvaluation(stamp, headlineRms ? summary.rms() : summary.mean(), summary, cropped, errors,
                landmarkFit.followedBy(scanToAligned.inverse()), icp, flags);
    }
}
