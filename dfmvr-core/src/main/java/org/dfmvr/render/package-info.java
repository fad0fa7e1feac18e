/**
 * CPU rasterization of meshes that are already projected to screen space, and the helpers that turn the result into
 * images.
 *
 * <p>The split follows PyTorch3D's {@code MeshRasterizer -> Fragments -> shader} (renderer/mesh/rasterizer.py): a
 * {@link org.dfmvr.render.Rasterizer} turns screen-space vertices and triangles into {@link org.dfmvr.render.Fragments}
 * (per pixel: triangle id, barycentrics, depth); {@link org.dfmvr.render.VertexShading} interpolates per-vertex
 * attributes through the fragments into RGB, mask, part-label and depth images; {@link org.dfmvr.render.PngWriter}
 * and {@link org.dfmvr.render.ContactSheet} write them for people to look at. The fragments are what the
 * differentiable renderer will differentiate through later, so they are exposed as plain arrays.
 *
 * <p>Screen space, used by every class here: x to the right and y down, in pixels; pixel (row i, column j) covers
 * [j, j+1) x [i, i+1) and its centre is (x, y) = (j + 0.5, i + 0.5); images are row-major [H,W,C] arrays, row 0 at the
 * top. Plain Java: no Spark, no ND4J.
 */
package org.dfmvr.render;
