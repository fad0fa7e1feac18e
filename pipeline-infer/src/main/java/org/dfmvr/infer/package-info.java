/**
 * The infer job: batch reconstruction of 3D face meshes from ingest shards or an untrusted photo archive with a
 * trained model bundle ({@code org.dfmvr.bundle}). {@link org.dfmvr.infer.Reconstructor} is the plain Java + ND4J
 * core (network output to meshes, poses and quality); {@link org.dfmvr.infer.InferRunner} is the thin Spark side
 * (listing, incremental skip, quarantine, atomic commit); {@link org.dfmvr.infer.InferJob} the picocli entry.
 * Output format and conventions: docs/infer.md.
 */
package org.dfmvr.infer;
