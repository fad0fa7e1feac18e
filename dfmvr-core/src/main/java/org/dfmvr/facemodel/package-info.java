/**
 * Linear 3D morphable face models: the immutable {@link org.dfmvr.facemodel.MorphableModel}, its coefficient layout
 * ({@link org.dfmvr.facemodel.CoeffLayout}), and its sources behind {@link org.dfmvr.facemodel.FaceModelSource} —
 * the built-in {@link org.dfmvr.facemodel.SyntheticFaceModel}, the ICT-FaceKit and BFM importers and our own binary
 * {@link org.dfmvr.facemodel.FaceModelCache} — chosen by a spec string in {@link org.dfmvr.facemodel.FaceModels}.
 * Plain Java: no Spark, no ND4J. See docs/facemodel.md.
 */
package org.dfmvr.facemodel;
