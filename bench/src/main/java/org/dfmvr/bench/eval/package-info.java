/**
 * Benchmarks and peer-check harnesses of the evaluation geometry ({@code org.dfmvr.geometry}) and protocols
 * ({@code org.dfmvr.eval.protocol}); results in {@code bench/results-eval.md}.
 */
package org.dfmvr.bench.eval;
