package org.dfmvr.geometry;

/** Which transforms an estimator may return. */
public enum TransformModel {
    /** Rotation and translation, scale fixed to 1. */
    RIGID,
    /** Rotation, translation and one isotropic scale. */
    SIMILARITY
}
