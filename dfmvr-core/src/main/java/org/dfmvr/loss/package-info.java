/**
 * The weakly supervised objective of DF-MVR (paper §4; docs/dfmvr-reference.md §1.3-§1.5): from a predicted
 * multi-view coefficient vector, 3DMM decoding, per-view rigid pose, vertex normals, SH lighting, perspective
 * projection, rasterization with interior-gradient barycentric interpolation, and the photo, mask (frozen parse
 * net), 2D-landmark, 3D-landmark and regularisation terms, each stage a plain-Java forward with a hand-written backward
 * (vector-Jacobian product) in double precision. {@link org.dfmvr.loss.WeakSupervisionLoss} wraps the chain as a
 * DL4J {@code ILossFunction} for the coefficient output layer; docs/loss.md documents the label packing.
 */
package org.dfmvr.loss;
