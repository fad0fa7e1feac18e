/**
 * Training-time transforms of shard samples, applied on the executors before the network inputs and loss labels are
 * built: view dropout (DF-MVR's single-view mode, paper §5.3) and photometric augmentation (reference §1.6). Both
 * are deterministic per (seed, epoch, sample id); validation and inference never see them.
 */
package org.dfmvr.train.sample;
