package org.dfmvr.eval.protocol;

import org.dfmvr.geometry.IcpCriteria;

/**
 * Settings of the "pointplane" protocol. Validated at construction; errors name the field.
 *
 * @param cropRadiusMm   keep scan vertices within this distance of the scan's nose landmark, mm (Deep3DFace: 95,
 *                       microsoft/Deep3DFaceReconstruction issue #23; dfmvr-reference.md §2)
 * @param scanUnitMm     millimetres per scan unit (1 for mm scans, 10 for cm such as ICT-FaceKit), &gt; 0
 * @param icp            ICP criteria; distances in scan units (default: 100 updates, relative RMSE change 1e-6,
 *                       no distance limit, no trimming, at least 100 correspondences)
 * @param maxScaleChange flag {@link RegistrationFlag#SCALE_OUT_OF_RANGE} when ICP rescales the landmark fit by more
 *                       than this factor either way, &gt; 1 (default 1.2)
 */
public record PointToPlaneSettings(double cropRadiusMm, double scanUnitMm, IcpCriteria icp, double maxScaleChange) {
    public static final PointToPlaneSettings DEFAULTS = new PointToPlaneSettings(95, 1,
            new IcpCriteria(100, 1e-6, Double.POSITIVE_INFINITY, 0, 100), 1.2);

    public PointToPlaneSettings {
        if (!(cropRadiusMm > 0) || Double.isInfinite(cropRadiusMm)) {
            throw new IllegalArgumentException("cropRadiusMm must be finite and > 0, got " + cropRadiusMm);
        }
        NowSettings.checkCommon(scanUnitMm, icp, maxScaleChange);
    }

    public PointToPlaneSettings withScanUnitMm(double value) {
        return new PointToPlaneSettings(cropRadiusMm, value, icp, maxScaleChange);
    }

    public PointToPlaneSettings withCropRadiusMm(double value) {
        return new PointToPlaneSettings(value, scanUnitMm, icp, maxScaleChange);
    }

    public PointToPlaneSettings withIcp(IcpCriteria value) {
        return new PointToPlaneSettings(cropRadiusMm, scanUnitMm, value, maxScaleChange);
    }
}
