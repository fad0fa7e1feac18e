package org.dfmvr.eval;

import java.io.Serializable;

/**
 * One prediction paired with its ground truth, as listed on the driver; only paths and at most 21 numbers travel to
 * the task, which loads the two meshes itself ({@link PairLoader}).
 *
 * @param predictionSet  the prediction set's name
 * @param sampleId       the shared sample id
 * @param predictedMesh  URI of the predicted {@code .obj}/{@code .ply}
 * @param modelSpec      face model spec of the prediction's topology (from {@code predictions.json})
 * @param scanMesh       URI of the ground truth: {@code .obj}, {@code .ply} or Bosphorus {@code .bnt}
 * @param scanLandmarks  [7,3] row-major ground-truth landmarks in the scan's unit, in the order of
 *                       {@link org.dfmvr.eval.protocol.LandmarkedMesh}, or null to read them from the scan's sidecar
 *                       ({@code .lm7} next to an OBJ/PLY, {@code .lm3} next to a {@code .bnt})
 */
public record PairRef(String predictionSet, String sampleId, String predictedMesh, String modelSpec, String scanMesh,
                      double[] scanLandmarks) implements Serializable {
}
