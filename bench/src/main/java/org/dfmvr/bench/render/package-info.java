/** Benchmarks of org.dfmvr.render: rasterizer throughput on a synthetic closed surface (results-render.md). */
package org.dfmvr.bench.render;
