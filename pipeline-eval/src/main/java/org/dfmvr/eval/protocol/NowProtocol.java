package org.dfmvr.eval.protocol;

import org.dfmvr.geometry.ClosestSurfaceCorrespondences;
import org.dfmvr.geometry.FitDirection;
import org.dfmvr.geometry.PointToPlaneEstimator;
import org.dfmvr.geometry.TransformModel;

/**
 * "now": the NoW challenge protocol (soubhiksanyal/now_evaluation: scan2mesh_computations.py, compute_error.py;
 * dfmvr-reference.md §2), which DF-MVR's released code runs (§1.8):
 * <ol>
 *   <li>crop the scan by NoW's sphere from its 7 landmarks: nose bridge b = (l1 + l2) / 2, centre
 *       l4 + 0.3 (b - l4), radius 1.4 (|l0 - l3| + |b - l4|) / 2 ({@link Crops#nowSphere});</li>
 *   <li>Procrustes with scale of the predicted 7 landmarks onto the scan's ({@link org.dfmvr.geometry.Umeyama};
 *       NoW's MATLAB port allows a reflection when it fits better, we never do: a mirrored face is no match);</li>
 *   <li>refine rotation, translation and scale to minimise the squared unsigned scan-to-mesh distances. NoW runs
 *       chumpy's dogleg (a trust-region Gauss-Newton) with a scale regulariser that only penalises negative scale;
 *       here Gauss-Newton on the same residuals: point-to-plane ICP with scale whose "normal" is the distance
 *       gradient ({@link ClosestSurfaceCorrespondences.Normal#DISTANCE_GRADIENT}), fitted as the prediction moving
 *       onto the fixed scan ({@link FitDirection#TARGET_TO_SOURCE}); scale stays positive by construction.
 *       (Point-to-point ICP minimises the same objective but needed ~190 updates instead of ~5 on 50k-point
 *       scans.)</li>
 *   <li>per cropped scan vertex the unsigned distance to the registered predicted surface (closest point on
 *       triangles), in mm; the sample's headline is their mean (DF-MVR's per-sample "rmse" is this mean x100 in its
 *       units), and {@link ErrorStatistics#aggregate} reports median / mean / std over all distances as NoW does.</li>
 * </ol>
 */
public final class NowProtocol implements EvaluationProtocol {
    public static final String ID = "now";
    /** Bump when a code change alters any result. */
    public static final int VERSION = 1;

    private final NowSettings settings;
    private final ProtocolStamp stamp;

    public NowProtocol(NowSettings settings) {
        this.settings = settings;
        this.stamp = ProtocolStamp.of(ID, VERSION, "crop=nowSphere(landmarks7,centreFraction=0.3,radiusFactor=1.4)"
                + ";init=umeyama(landmarks7,similarity,noReflection);icp=gaussNewtonPointToSurface,similarity,fitTargetToSource,scanToPredictedSurface,"
                + NowSettings.canonical(settings.icp()) + ";error=pointToSurface,mean;maxScaleChange="
                + settings.maxScaleChange() + ";scanUnitMm=" + settings.scanUnitMm() + ";out=mm");
    }

    @Override
    public ProtocolStamp stamp() {
        return stamp;
    }

    @Override
    public SampleEvaluation evaluate(LandmarkedMesh predicted, LandmarkedMesh scan) {
        int[] cropped = Crops.nowSphere(scan);
        return ScanRegistration.run(stamp, predicted, scan, cropped, settings.scanUnitMm(), settings.icp(),
                new PointToPlaneEstimator(TransformModel.SIMILARITY, FitDirection.TARGET_TO_SOURCE),
                ClosestSurfaceCorrespondences.Normal.DISTANCE_GRADIENT, settings.maxScaleChange(), false, false);
    }
}
