package org.dfmvr.synth;

import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.render.FloatImage;
import org.dfmvr.render.LabelMap;

import java.util.List;

/**
 * One rendered synthetic subject/expression with its ground truth.
 *
 * @param id, exp, tex, gamma the true coefficients (gamma [27] without the 0.8 ambient)
 * @param mesh                ground-truth mesh in the model frame and unit, with its albedo as vertex colours
 * @param alignment7          [7,3] the 7 alignment points (eye corners, nose tip, mouth corners) of the mesh
 * @param landmarks3d101      [101,3] or null when the model has no 101 landmark ids
 */
public record SyntheticSample(String subject, String expression, float[] id, float[] exp, float[] tex, float[] gamma,
                              List<View> views, TriangleMesh mesh, float[] alignment7, float[] landmarks3d101) {
    /**
     * One rendered view.
     *
     * @param angles      [3] Euler angles x, y, z in radians (R = Rz Ry Rx), model to camera frame
     * @param translation [3] model units
     * @param image       [H,W,3] RGB in [0,1], background and noise included
     * @param mask        [H,W,1] 1 where the face mesh covers the pixel
     * @param parse       [H,W] part labels 0..9 of the rendered mesh (0 where empty)
     * @param landmarks68 [68,2] pixels (x right, y down, origin at the top-left corner), projected landmark vertices
     */
    public record View(String name, double yawDegrees, float[] angles, float[] translation, FloatImage image,
                       FloatImage mask, LabelMap parse, float[] landmarks68, String background) {
    }
}
