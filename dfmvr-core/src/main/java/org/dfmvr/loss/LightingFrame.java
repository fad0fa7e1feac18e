package org.dfmvr.loss;

/** Which normals light each view (reference §1.3). */
public enum LightingFrame {
    /** Each view is lit with its own rotated normals: the lighting is expressed in that view's camera frame. */
    OWN_VIEW,
    /**
     * DF-MVR's official quirk: every view is lit with the normals rotated by the last view's rotation (the right
     * view's with 3 views), because the code reuses the last computed rotation matrix.
     */
    LAST_VIEW_QUIRK
}
