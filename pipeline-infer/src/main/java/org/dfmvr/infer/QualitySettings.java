package org.dfmvr.infer;

import java.io.Serializable;

/**
 * When a reconstruction is flagged {@code low_quality} ({@code dfmvr.infer.quality.*}).
 *
 * @param maxLandmarkErrorPx     largest allowed mean landmark reprojection error of any present view with stored
 *                               landmarks, crop pixels, &gt; 0
 * @param maxPhotometricResidual largest allowed mean absolute RGB difference (intensities in [0,1]) between the
 *                               render and the input inside the rendered face, of any present view, in (0,1]
 */
public record QualitySettings(double maxLandmarkErrorPx, double maxPhotometricResidual) implements Serializable {
    public QualitySettings {
        if (!(maxLandmarkErrorPx > 0) || !Double.isFinite(maxLandmarkErrorPx)) {
            throw new IllegalArgumentException("dfmvr.infer.quality.max-landmark-error-px must be a finite number > 0,"
                    + " got " + maxLandmarkErrorPx);
        }
        if (!(maxPhotometricResidual > 0) || maxPhotometricResidual > 1) {
            throw new IllegalArgumentException("dfmvr.infer.quality.max-photometric-residual must be in (0,1], got "
                    + maxPhotometricResidual);
        }
    }
}
