package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.util.List;

/**
 * Builds the DF-MVR coefficient network as a DL4J {@link ComputationGraph} from a {@link NetworkSpec}.
 *
 * <p>Inputs: {@code view0..view{V-1}}, each [N, channelsPerView, S, S] NCHW (RGB in [-1,1] then the mask channels).
 * Output {@code head}: [N, {@link NetworkSpec#outputSize()}] coefficients laid out as {@link HeadSizes} says.
 *
 * <p>Structure (paper §3; weiguangzhao/DF_MVR network/Tri_Unet.py Tri_UNet and network/Rednet.py RedNet_FC):
 * <ul>
 *   <li>MulEn-Unet: per view an unshared encoder of DoubleConvs (widths w0..w4) with 2x2 max pooling, deep features
 *       concatenated (V*w4 at S/16); one shared decoder of ConvTranspose(k2,s2) stages, each merged with the V
 *       attention-gated skips of its level (gate F_int = w/2), DoubleConv after the merges of levels 4..2, the merge
 *       of level 1 ((V+1)*w0 channels at S, 256 in the paper) is the decoder output (DF defines conv9 but never
 *       uses it);</li>
 *   <li>RedNet-50: stem conv3x3 s2 (-> stem/2) BN ReLU, involution K3, BN ReLU, conv3x3 (-> stem) BN ReLU, max pool
 *       3 s2; bottleneck stages with strides 1,2,2,2; global average pooling; heads as one linear output layer.</li>
 * </ul>
 * Layer names carry their group as prefix: {@code enc}, {@code gate}, {@code dec}, {@code red}, {@code head}
 * (see {@link LayerGroup}).
 */
public final class DfmvrNetworkBuilder extends NetworkBuilder<DfmvrNetworkBuilder> {
    /** Name of the output layer. */
    public static final String OUTPUT = "head";

    private final NetworkSpec spec;
    private ILossFunction loss = new LossMSE();

    public DfmvrNetworkBuilder(NetworkSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        this.spec = spec;
    }

    /** The output layer's loss (default MSE, until the weak-supervision loss exists). */
    public DfmvrNetworkBuilder loss(ILossFunction lossFunction) {
        if (lossFunction == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        this.loss = lossFunction;
        return this;
    }

    @Override
    protected DfmvrNetworkBuilder self() {
        return this;
    }

    @Override
    public ComputationGraphConfiguration configuration() {
        GraphBuilder graph = graphBuilder(spec.seed());
        GraphBlocks blocks = new GraphBlocks(graph, standardLayers());
        String[] inputs = new String[spec.views()];
        InputType[] types = new InputType[spec.views()];
        for (int v = 0; v < spec.views(); v++) {
            inputs[v] = NetworkSpec.inputName(v);
            types[v] = InputType.convolutional(spec.imageSize(), spec.imageSize(), spec.channelsPerView());
        }
        graph.addInputs(inputs).setInputTypes(types);

        Features features = switch (spec.encoder()) {
            case MULEN_UNET -> unet(blocks, inputs, true);
            case UNET -> unet(blocks, new String[] {blocks.merge("enc_stack", inputs)}, false);
            case CNN -> perViewCnn(blocks, inputs);
        };
        String pooled = regressor(blocks, features);
        long regressorOut = (long) spec.baseChannels() * 8 * NetworkSpec.EXPANSION;
        blocks.layer(OUTPUT, blocks.layers.output(regressorOut, spec.outputSize(), loss), pooled);
        graph.setOutputs(OUTPUT);
        return graph.build();
    }

    /** A vertex name and its channel count. */
    private record Features(String vertex, long channels) {
    }

    private Features unet(GraphBlocks blocks, String[] encoderInputs, boolean perView) {
        List<Integer> w = spec.encoderWidths();
        int encoders = encoderInputs.length;
        long inChannels = perView ? spec.channelsPerView() : (long) spec.channelsPerView() * spec.views();
        String[][] skips = new String[encoders][5];
        for (int e = 0; e < encoders; e++) {
            String prev = encoderInputs[e];
            long prevCh = inChannels;
            for (int level = 0; level < 5; level++) {
                String prefix = "enc" + e + "_l" + (level + 1);
                if (level > 0) {
                    prev = blocks.layer(prefix + "_pool", blocks.layers.maxPool(2, 2, 0), prev);
                }
                prev = blocks.doubleConv(prefix + "_dc", prev, prevCh, w.get(level));
                prevCh = w.get(level);
                skips[e][level] = prev;
            }
        }
        String deep;
        if (encoders > 1) {
            String[] c5 = new String[encoders];
            for (int e = 0; e < encoders; e++) {
                c5[e] = skips[e][4];
            }
            deep = blocks.merge("dec_fuse", c5);
        } else {
            deep = skips[0][4];
        }
        long prevCh = (long) encoders * w.get(4);
        String prev = deep;
        for (int level = 3; level >= 0; level--) {
            long width = w.get(level);
            String stage = "dec_l" + (level + 1);
            String up = blocks.layer(stage + "_up", blocks.layers.deconv(prevCh, width, 2, 2), prev);
            String[] merged = new String[encoders + 1];
            merged[0] = up;
            for (int e = 0; e < encoders; e++) {
                merged[e + 1] = blocks.attentionGate("gate_l" + (level + 1) + "v" + e, up, skips[e][level], width,
                        width / 2);
            }
            String merge = blocks.merge(stage + "_merge", merged);
            long mergedCh = (encoders + 1) * width;
            if (level == 0) {
                return new Features(merge, mergedCh);
            }
            prev = blocks.doubleConv(stage + "_dc", merge, mergedCh, width);
            prevCh = width;
        }
        throw new IllegalStateException("unreachable: the decoder returns at level 1");
    }

    private Features perViewCnn(GraphBlocks blocks, String[] inputs) {
        long width = spec.encoderWidths().get(0);
        String[] out = new String[inputs.length];
        for (int v = 0; v < inputs.length; v++) {
            out[v] = blocks.doubleConv("enc" + v + "_l1_dc", inputs[v], spec.channelsPerView(), width);
        }
        return new Features(blocks.merge("enc_fuse", out), width * inputs.length);
    }

    private String regressor(GraphBlocks blocks, Features in) {
        long half = spec.stemChannels() / 2;
        RegressorKind kind = spec.regressor();
        String s1 = blocks.convBn("red_stem1", in.vertex(), in.channels(), half, 3, 2, 1, false, 1.0, true);
        String s2 = kind == RegressorKind.REDNET
                ? blocks.involution("red_stem2", s1, half, NetworkSpec.STEM_KERNEL, 1, spec.groupChannels())
                : blocks.layer("red_stem2_conv", blocks.layers.conv(half, half, 3, 1, 1, false), s1);
        String s2r = blocks.bnRelu("red_stem2", half, 1.0, s2);
        String s3 = blocks.convBn("red_stem3", s2r, half, spec.stemChannels(), 3, 1, 1, false, 1.0, true);
        String prev = blocks.layer("red_stem_pool", blocks.layers.maxPool(3, 2, 1), s3);
        long prevCh = spec.stemChannels();
        for (int stage = 0; stage < 4; stage++) {
            long mid = (long) spec.baseChannels() << stage;
            for (int block = 0; block < spec.stageBlocks().get(stage); block++) {
                int stride = (stage > 0 && block == 0) ? 2 : 1;
                prev = blocks.bottleneck("red_s" + (stage + 1) + "b" + (block + 1), prev, prevCh, mid, stride, kind,
                        spec.groupChannels());
                prevCh = mid * NetworkSpec.EXPANSION;
            }
        }
        return blocks.layer("red_gap", blocks.layers.globalAvgPool(), prev);
    }
}
