/**
 * Fitting the morphable model to observations by optimisation (no network): {@link org.dfmvr.fitting.MultiViewLandmarkFit}
 * refines identity, expression and per-view poses against the 2D landmarks of every view (docs/infer.md).
 */
package org.dfmvr.fitting;
