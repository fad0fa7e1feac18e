/**
 * The learnable half of DF-MVR as DL4J {@code ComputationGraph}s: the MulEn-Unet feature fusion with attention gates,
 * the involution RedNet-50 regressor and the 3DMM coefficient heads (paper §3; weiguangzhao/DF_MVR
 * network/Tri_Unet.py and network/Rednet.py), and their ablation variants (paper Table 3).
 *
 * <ul>
 *   <li>{@link org.dfmvr.nn.NetworkSpec} (presets paper/small/tiny) -> {@link org.dfmvr.nn.DfmvrNetworkBuilder} ->
 *       graph; {@link org.dfmvr.nn.ModelSummary} counts its parameters and FLOPs per
 *       {@link org.dfmvr.nn.LayerGroup};</li>
 *   <li>the BiSeNet face-parse net: {@link org.dfmvr.nn.BiSeNetSpec} (presets paper/tiny) ->
 *       {@link org.dfmvr.nn.BiSeNetBuilder} (training graph with auxiliary heads, or the frozen inference copy the
 *       mask loss runs); {@link org.dfmvr.nn.ParseNetSummary} counts its parameters;</li>
 *   <li>{@link org.dfmvr.nn.ViewInput} assembles one view's input tensor (RGB + mask encoding);</li>
 *   <li>custom vertices DL4J lacks, plain Java with hand-written backward passes:
 *       {@link org.dfmvr.nn.InvolutionVertex}, {@link org.dfmvr.nn.SpatialGateVertex},
 *       {@link org.dfmvr.nn.ChannelBroadcastVertex}, {@link org.dfmvr.nn.BilinearUpsampleVertex},
 *       {@link org.dfmvr.nn.InputGradientVertex};</li>
 *   <li>{@link org.dfmvr.nn.StandardLayers}: the only place that creates the standard layers (native oneDNN ops by
 *   default, DL4J's stock layers selectable).</li>
 * </ul>
 */
package org.dfmvr.nn;
