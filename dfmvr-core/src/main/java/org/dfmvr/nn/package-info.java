/**
 * The learnable half of DF-MVR as DL4J {@code ComputationGraph}s: the MulEn-Unet feature fusion with attention gates,
 * the involution RedNet-50 regressor and the 3DMM coefficient heads (paper §3; weiguangzhao/DF_MVR
 * network/Tri_Unet.py and network/Rednet.py), their ablation variants (paper Table 3), and the custom graph vertices
 * DL4J lacks ({@link org.dfmvr.nn.InvolutionVertex}, {@link org.dfmvr.nn.SpatialGateVertex}), written in plain Java
 * with hand-written backward passes. All stock layers are created by {@link org.dfmvr.nn.StandardLayers} only.
 */
package org.dfmvr.nn;
