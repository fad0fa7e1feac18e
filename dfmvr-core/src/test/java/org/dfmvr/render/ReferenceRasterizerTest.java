package org.dfmvr.render;

/** The {@link Rasterizer} contract for the reference implementation. */
class ReferenceRasterizerTest extends RasterizerContractTest {
    @Override
    Rasterizer create(RasterSettings settings) {
        return new ReferenceRasterizer(settings);
    }
}
