/**
 * The model bundle: what train writes and infer reads — a versioned folder on any Hadoop filesystem holding the
 * trained graph and a manifest of everything needed to use it (network spec, image size, views, face model,
 * coefficient layout, input normalisation, content-hash version). Format: docs/infer.md.
 */
package org.dfmvr.bundle;
