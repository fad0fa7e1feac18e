/** Benchmarks of the weakly supervised objective (org.dfmvr.loss); results in bench/results-loss.md. */
package org.dfmvr.bench.loss;
