/**
 * Fast CPU layers (issue 10): DL4J layer configurations whose runtime calls libnd4j's convolution, transposed
 * convolution and pooling ops and their {@code _bp} ops directly (oneDNN with the {@code linux-x86_64-onednn*}
 * classifiers) instead of DL4J's im2col/gemm and broadcast code; batch norm (alone or fused with the following
 * ReLU) runs in plain Java over H x W planes, parallel over channels ({@code BatchNormKernel}).
 *
 * <p>Network code gets its layers from {@link org.dfmvr.nn.fast.FastLayers} and does not care how they are made
 * fast. Each configuration subclasses the matching DL4J configuration, so parameters, JSON, {@code ModelSerializer}
 * and Spark training behave as for the stock layer; DL4J's stock layer is the test oracle. Why this design and not
 * DL4J's own oneDNN helpers: docs/fast-cpu.md. Timings: bench/results-fastcpu.md.
 */
package org.dfmvr.nn.fast;
