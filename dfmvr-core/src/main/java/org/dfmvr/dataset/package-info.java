/**
 * The dataset layer shared by every job: shard row types (schema v1), splits, the photometric weight map, Deep3DFace
 * five-point alignment and the quarantine record.
 */
package org.dfmvr.dataset;
