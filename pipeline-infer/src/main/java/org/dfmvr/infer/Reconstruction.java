package org.dfmvr.infer;

import org.dfmvr.fitting.LandmarkFitResult;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.render.FloatImage;
import org.dfmvr.render.TextureBaker;

import java.util.List;

/**
 * One sample reconstructed by {@link Reconstructor}.
 *
 * @param sampleId     the input sample's id
 * @param coefficients [coefficient layout size] the network output, with identity, expression and the fitted views'
 *                     poses replaced by the landmark fit when it ran (identity, expression, texture, gamma, then per
 *                     view rotation in radians and translation in model units; {@code CoeffLayout} order)
 * @param mesh         expression mesh in model topology, positions [V,3] in millimetres in the canonical (model)
 *                     frame (x to the subject's left as seen by the camera, y up, +z towards the camera, origin at
 *                     the model origin), colours [V,3] albedo in [0,1]
 * @param neutral      the same with expression coefficients zeroed (identity only)
 * @param views        one entry per network view, left/front/right order, present or not
 * @param lowQuality   true when any quality check fails; {@code qualityReasons} says which
 * @param texture      the texture baked from the present views for the model's UVs (shared by both meshes), or null
 *                     when baking is off or the face model has no UVs
 * @param landmarkFit  the landmark fit's outcome (reprojection error before and after), or null when it is off or no
 *                     present view has stored landmarks
 */
public record Reconstruction(String sampleId, float[] coefficients, TriangleMesh mesh, TriangleMesh neutral,
                             List<ViewResult> views, boolean lowQuality, List<String> qualityReasons,
                             TextureBaker.Baked texture, LandmarkFitResult landmarkFit) {
    public Reconstruction {
        views = List.copyOf(views);
        qualityReasons = List.copyOf(qualityReasons);
    }

    /** Names of the present views, left/front/right order. */
    public List<String> viewsPresent() {
        return views.stream().filter(ViewResult::present).map(ViewResult::view).toList();
    }

    /**
     * One view of a reconstruction.
     *
     * @param view                {@code left}, {@code front} or {@code right}
     * @param present             false when the sample lacks this view (its input was zeros; the rest is null/NaN)
     * @param rotation            [3] Euler angles x, y, z, radians, model-to-camera ({@code EulerRotation}); null if
     *                            absent
     * @param translationMm       [3] translation x, y, z, millimetres, applied after the rotation; null if absent
     * @param landmarkErrorPx     mean distance between the 68 model landmarks projected with this pose and the
     *                            sample's stored landmarks68, crop pixels; NaN without stored landmarks or view
     * @param photometricResidual mean |render - input| over RGB and the rendered face pixels, intensities in [0,1];
     *                            NaN when absent or when the face renders to no pixel
     * @param render              [S,S,3] the shaded render on black, RGB in [0,1], or null if absent
     * @param mask                [S,S,1] rendered face coverage 0/1, or null if absent
     */
    public record ViewResult(String view, boolean present, float[] rotation, float[] translationMm,
                             double landmarkErrorPx, double photometricResidual, FloatImage render, FloatImage mask) {
    }
}
