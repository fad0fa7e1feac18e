package org.dfmvr.eval.protocol;

import org.dfmvr.geometry.ClosestSurfaceCorrespondences;
import org.dfmvr.geometry.FitDirection;
import org.dfmvr.geometry.PointToPlaneEstimator;
import org.dfmvr.geometry.TransformModel;

/**
 * "pointplane": the metric of the DF-MVR paper (§5.1, "RMSE ... after ICP registration") as stated for Deep3DFace by
 * its author (microsoft/Deep3DFaceReconstruction issue #23; dfmvr-reference.md §2):
 * <ol>
 *   <li>crop the ground-truth scan to the vertices within {@code cropRadiusMm} (default 95 mm) of its nose landmark;</li>
 *   <li>initialise by the 7-landmark similarity prediction -&gt; scan ({@link org.dfmvr.geometry.Umeyama});</li>
 *   <li>refine by ICP with isotropic scale (SICP), point-to-plane metric, scan vertex -&gt; closest point on the
 *       predicted surface, fitted as the prediction moving onto the fixed scan
 *       ({@link FitDirection#TARGET_TO_SOURCE}: no scale bias from scan noise);</li>
 *   <li>per scan vertex the point-to-plane distance d = |(p - q) . n_q| to the registered predicted surface (q the
 *       closest surface point, n_q its face normal); the sample's number is sqrt(mean d^2) in mm.</li>
 * </ol>
 * The registration is {@link ScanRegistration}.
 */
public final class PointToPlaneProtocol implements EvaluationProtocol {
    public static final String ID = "pointplane";
    /** Bump when a code change alters any result. */
    public static final int VERSION = 1;

    private final PointToPlaneSettings settings;
    private final ProtocolStamp stamp;

    public PointToPlaneProtocol(PointToPlaneSettings settings) {
        this.settings = settings;
        this.stamp = ProtocolStamp.of(ID, VERSION, "crop=sphere(center=landmark4,radiusMm=" + settings.cropRadiusMm()
                + ");init=umeyama(landmarks7,similarity);icp=pointToPlane,similarity,fitTargetToSource,scanToPredictedSurface,"
                + NowSettings.canonical(settings.icp()) + ";error=pointToPlane,rms;maxScaleChange="
                + settings.maxScaleChange() + ";scanUnitMm=" + settings.scanUnitMm() + ";out=mm");
    }

    @Override
    public ProtocolStamp stamp() {
        return stamp;
    }

    @Override
    public SampleEvaluation evaluate(LandmarkedMesh predicted, LandmarkedMesh scan) {
        double radius = settings.cropRadiusMm() / settings.scanUnitMm();
        int[] cropped = Crops.withinSphere(scan.mesh().positions(), scan.landmark(LandmarkedMesh.NOSE), radius);
        return ScanRegistration.run(stamp, predicted, scan, cropped, settings.scanUnitMm(), settings.icp(),
                new PointToPlaneEstimator(TransformModel.SIMILARITY, FitDirection.TARGET_TO_SOURCE),
                ClosestSurfaceCorrespondences.Normal.FACE, settings.maxScaleChange(), true, true);
    }
}
