package org.dfmvr.eval.protocol;

import org.dfmvr.geometry.IcpCriteria;

/**
 * Settings of the "now" protocol. The crop has no parameter: NoW's sphere is defined by the landmarks.
 *
 * @param scanUnitMm     millimetres per scan unit (NoW scans are in mm: 1), &gt; 0
 * @param icp            ICP criteria of the refinement, distances in scan units (default: 200 updates, relative
 *                       RMSE change 1e-6, no distance limit, no trimming, at least 100 correspondences)
 * @param maxScaleChange flag {@link RegistrationFlag#SCALE_OUT_OF_RANGE} when the refinement rescales the
 *                       Procrustes fit by more than this factor either way, &gt; 1 (default 1.2)
 */
public record NowSettings(double scanUnitMm, IcpCriteria icp, double maxScaleChange) {
    public static final NowSettings DEFAULTS = new NowSettings(1,
            new IcpCriteria(200, 1e-6, Double.POSITIVE_INFINITY, 0, 100), 1.2);

    public NowSettings {
        checkCommon(scanUnitMm, icp, maxScaleChange);
    }

    static void checkCommon(double scanUnitMm, IcpCriteria icp, double maxScaleChange) {
        if (!(scanUnitMm > 0) || Double.isInfinite(scanUnitMm)) {
            throw new IllegalArgumentException("scanUnitMm must be finite and > 0, got " + scanUnitMm);
        }
        if (icp == null) {
            throw new IllegalArgumentException("icp criteria must not be null");
        }
        if (!(maxScaleChange > 1)) {
            throw new IllegalArgumentException("maxScaleChange must be > 1, got " + maxScaleChange);
        }
    }

    /** Canonical text of ICP criteria for a {@link ProtocolStamp}. */
    static String canonical(IcpCriteria c) {
        return "maxIterations=" + c.maxIterations() + ",relativeRmseChange=" + c.relativeRmseChange()
                + ",maxCorrespondenceDistance=" + c.maxCorrespondenceDistance() + ",trimFraction=" + c.trimFraction()
                + ",minCorrespondences=" + c.minCorrespondences();
    }
}
