package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.dfmvr.nn.fast.FastLayers;

/**
 * The building blocks of the DF-MVR graphs, each appended to a {@link GraphBuilder} under a name prefix and
 * returning the name of its output vertex. Channel counts are passed explicitly (every layer gets its nIn).
 * Stock layers come from {@link StandardLayers}.
 */
final class GraphBlocks {
    private final GraphBuilder graph;

    final StandardLayers layers;

    /** True: {@link #convBn} makes a conv with bias and no BN, for weights with the BN folded in (inference). */
    private final boolean foldedBatchNorm;

    GraphBlocks(GraphBuilder graph, StandardLayers layers) {
        this(graph, layers, false);
    }

    GraphBlocks(GraphBuilder graph, StandardLayers layers, boolean foldedBatchNorm) {
        this.graph = graph;
        this.layers = layers;
        this.foldedBatchNorm = foldedBatchNorm;
    }

    String layer(String name, org.deeplearning4j.nn.conf.layers.Layer layer, String... inputs) {
        graph.addLayer(name, layer, inputs);
        return name;
    }

    String add(String name, String... inputs) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), inputs);
        return name;
    }

    String vertex(String name, org.deeplearning4j.nn.conf.graph.GraphVertex vertex, String... inputs) {
        graph.addVertex(name, vertex, inputs);
        return name;
    }

    String merge(String name, String... inputs) {
        graph.addVertex(name, new MergeVertex(), inputs);
        return name;
    }

    /**
     * conv(k, stride, pad) -> BN(gamma) -> optional ReLU; returns the last vertex. With folded batch norm: conv
     * {@code <prefix>_conv} with bias, no {@code <prefix>_bn}.
     */
    String convBn(String prefix, String input, long nIn, long nOut, int k, int stride, int pad, boolean bias,
            double gamma, boolean relu) {
        String c = layer(prefix + "_conv", layers.conv(nIn, nOut, k, stride, pad, bias || foldedBatchNorm), input);
        if (foldedBatchNorm) {
            return relu ? layer(prefix + "_relu", layers.relu(), c) : c;
        }
        return relu ? bnRelu(prefix, nOut, gamma, c) : layer(prefix + "_bn", layers.batchNorm(nOut, gamma), c);
    }

    /**
     * BN(gamma) -> ReLU as {@code prefix + "_bn"} (fused with the ReLU for the native layers) and, for stock layers,
     * {@code prefix + "_relu"}; returns the last vertex.
     */
    String bnRelu(String prefix, long channels, double gamma, String input) {
        return FastLayers.addBatchNormRelu(graph, prefix, layers.batchNormRelu(channels, gamma), input);
    }

    /** U-Net DoubleConv of DF Tri_Unet.py: [conv3x3 pad 1 (bias) -> BN -> ReLU] x 2. */
    String doubleConv(String prefix, String input, long nIn, long nOut) {
        String a = convBn(prefix + "a", input, nIn, nOut, 3, 1, 1, true, 1.0, true);
        return convBn(prefix + "b", a, nOut, nOut, 3, 1, 1, true, 1.0, true);
    }

    /**
     * Attention gate of DF Tri_Unet.py Attention_block (Oktay et al. 2018): psi = sigmoid(BN(conv1x1(ReLU(BN(W_g g)
     * + BN(W_x x))))), output x * psi via {@link SpatialGateVertex}. g and x have the same resolution and
     * {@code channels} channels; W_g, W_x map to {@code intermediate} channels (F_int).
     */
    String attentionGate(String prefix, String g, String x, long channels, long intermediate) {
        String wg = convBn(prefix + "_wg", g, channels, intermediate, 1, 1, 0, true, 1.0, false);
        String wx = convBn(prefix + "_wx", x, channels, intermediate, 1, 1, 0, true, 1.0, false);
        String r = layer(prefix + "_relu", layers.relu(), add(prefix + "_sum", wg, wx));
        String p = convBn(prefix + "_psi", r, intermediate, 1, 1, 1, 0, true, 1.0, false);
        String s = layer(prefix + "_sigmoid", layers.sigmoid(), p);
        return vertex(prefix + "_gate", new SpatialGateVertex(), x, s);
    }

    /**
     * Involution (d-li14/involution involution_naive.py): kernels from (avg-pool(stride) if stride > 1) -> conv1x1
     * C -> C/4 (no bias) -> BN -> ReLU -> conv1x1 C/4 -> G*K*K (bias), then {@link InvolutionVertex}.
     */
    String involution(String prefix, String input, long channels, int kernel, int stride, int groupChannels) {
        String source = input;
        if (stride > 1) {
            source = layer(prefix + "_kpool", layers.avgPool(stride), input);
        }
        long reduced = channels / NetworkSpec.INVOLUTION_REDUCTION;
        String r = convBn(prefix + "_kreduce", source, channels, reduced, 1, 1, 0, false, 1.0, true);
        long groups = channels / groupChannels;
        String k = layer(prefix + "_kspan", layers.conv(reduced, groups * kernel * kernel, 1, 1, 0, true), r);
        graph.addVertex(prefix + "_inv", new InvolutionVertex(kernel, stride, groupChannels), input, k);
        return prefix + "_inv";
    }

    /**
     * ResNet/RedNet bottleneck (mmcls rednet.py Bottleneck, style pytorch): conv1x1 -> BN -> ReLU -> spatial op
     * (involution K=7 or conv3x3, carrying the stride) -> BN -> ReLU -> conv1x1 -> BN (gamma 0: zero-init residual)
     * -> + shortcut (conv1x1 stride + BN when the shape changes) -> ReLU.
     */
    String bottleneck(String prefix, String input, long nIn, long mid, int stride, RegressorKind kind,
            int groupChannels) {
        long out = mid * NetworkSpec.EXPANSION;
        String a = convBn(prefix + "_c1", input, nIn, mid, 1, 1, 0, false, 1.0, true);
        String spatial = kind == RegressorKind.REDNET
                ? involution(prefix + "_c2", a, mid, NetworkSpec.BOTTLENECK_KERNEL, stride, groupChannels)
                : layer(prefix + "_c2_conv", layers.conv(mid, mid, 3, stride, 1, false), a);
        String br = bnRelu(prefix + "_c2", mid, 1.0, spatial);
        String c = convBn(prefix + "_c3", br, mid, out, 1, 1, 0, false, 0.0, false);
        String shortcut = input;
        if (stride != 1 || nIn != out) {
            shortcut = convBn(prefix + "_down", input, nIn, out, 1, stride, 0, false, 1.0, false);
        }
        return layer(prefix + "_out", layers.relu(), add(prefix + "_add", c, shortcut));
    }

    /**
     * ResNet-18 basic block (torchvision / zllrunning resnet.py BasicBlock): conv3x3 (stride) -> BN -> ReLU -> conv3x3
     * -> BN -> + shortcut (conv1x1 stride + BN when the shape changes) -> ReLU. Convolutions without bias.
     */
    String basicBlock(String prefix, String input, long nIn, long nOut, int stride) {
        String a = convBn(prefix + "_c1", input, nIn, nOut, 3, stride, 1, false, 1.0, true);
        String b = convBn(prefix + "_c2", a, nOut, nOut, 3, 1, 1, false, 1.0, false);
        String shortcut = input;
        if (stride != 1 || nIn != nOut) {
            shortcut = convBn(prefix + "_down", input, nIn, nOut, 1, stride, 0, false, 1.0, false);
        }
        return layer(prefix + "_out", layers.relu(), add(prefix + "_add", b, shortcut));
    }
}
