/**
 * Per-sample evaluation protocols of predicted face meshes against ground-truth scans, in plain Java (no Spark), and
 * the statistics that aggregate them.
 *
 * <ul>
 *   <li>{@link org.dfmvr.eval.protocol.PointToPlaneProtocol} "pointplane": the DF-MVR paper's / Deep3DFace's metric
 *       (crop around the nose tip, 7-landmark similarity, ICP with scale, RMSE of point-to-plane distances);</li>
 *   <li>{@link org.dfmvr.eval.protocol.NowProtocol} "now": the NoW challenge's scan-to-mesh protocol, which DF-MVR's
 *       released code runs (NoW crop sphere, Procrustes with scale, rigid+scale refinement, unsigned
 *       point-to-surface distances).</li>
 * </ul>
 *
 * <p>Both take a {@link org.dfmvr.eval.protocol.LandmarkedMesh} pair (7 landmarks each, order of the NoW annotation)
 * and return a {@link org.dfmvr.eval.protocol.SampleEvaluation} holding per-vertex errors (for error maps), summary
 * numbers in millimetres, the registration and its failure flags, stamped with a
 * {@link org.dfmvr.eval.protocol.ProtocolStamp} (protocol version + hash of every parameter) so that numbers computed
 * under different settings are never averaged or compared ({@link org.dfmvr.eval.protocol.ErrorStatistics#aggregate}).
 * Constants and their sources: {@code shared/docs/dfmvr-reference.md} §1.8 and §2.
 */
package org.dfmvr.eval.protocol;
