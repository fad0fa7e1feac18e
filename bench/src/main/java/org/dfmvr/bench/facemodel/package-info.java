/**
 * Benchmarks of the face-model core: {@link org.dfmvr.bench.facemodel.FaceModelBench} (JMH, per-call cost of shape,
 * albedo, pose and projection, normals, SH lighting, cache loading) and
 * {@link org.dfmvr.bench.facemodel.FaceModelLoadHarness} (one-shot build/import and cache write/read). Results:
 * bench/results-facemodel.md.
 */
package org.dfmvr.bench.facemodel;
