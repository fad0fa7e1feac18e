package org.dfmvr.nn;

import org.dfmvr.nn.ChannelBroadcastVertex.Op;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Builds the BiSeNet face-parse net (Yu et al. 2018, "BiSeNet"; zllrunning/face-parsing.PyTorch model.py, which
 * DF-MVR's network/Bisenet.py copies with 10 classes, reference §1.9) as a DL4J {@link ComputationGraph}.
 *
 * <p>Input {@value #INPUT}: [N,3,S,S] RGB normalised {@code (x - 0.5) / 0.5} (x in [0,1]). Outputs, each a per-pixel
 * softmax [N,K,S,S] with a multi-class cross-entropy loss layer against one-hot labels: {@value #OUTPUT} (the main
 * head, the one inference uses), then, unless built without them, the auxiliary heads {@value #AUX16} and
 * {@value #AUX32}; DL4J adds the three losses (weight {@link BiSeNetSpec#AUX_WEIGHT} each, as zllrunning train.py).
 *
 * <p>Structure (widths of the paper preset):
 * <ul>
 *   <li>context path {@code cp}: ResNet-18 (conv7x7 s2, max pool, basic-block stages 64/128/256/512 at 1/4..1/32);
 *       global context = average pool of the 1/32 feature -> conv1x1-BN-ReLU to 128, added to every pixel of the
 *       1/32 attention refinement module (ARM) output; nearest 2x upsampling -> conv3x3-BN-ReLU ({@code cp16}, 1/16),
 *       added to the 1/16 ARM output, upsampled -> conv3x3-BN-ReLU ({@code cp8}, 1/8). ARM: conv3x3-BN-ReLU, then
 *       channel attention sigmoid(BN(conv1x1(average pool))) multiplied in ({@link ChannelBroadcastVertex});</li>
 *   <li>spatial path {@code sp}: conv7x7 s2, conv3x3 s2, conv3x3 s2 (each BN-ReLU), conv1x1-BN-ReLU to 128 at 1/8;
 *       or the ResNet 1/8 feature when {@link BiSeNetSpec#spatialPath()} is false (zllrunning's forward);</li>
 *   <li>feature fusion module {@code ffm}: concat(sp, cp8) -> conv1x1-BN-ReLU (256) = x; a = sigmoid(conv1x1(ReLU(
 *       conv1x1(average pool(x))))) through a 64-channel bottleneck; out = x + x * a;</li>
 *   <li>heads {@code out}: conv3x3-BN-ReLU -> conv1x1 to K classes -> bilinear upsampling to S (align corners,
 *       {@link BilinearUpsampleVertex}); main on the fusion output (middle 256), auxiliary on cp8 and cp16
 *       (middle 64).</li>
 * </ul>
 * With {@link BiSeNetSpec#outputStride()} 4 or 2 instead of BiSeNet's 8, the spatial path's last one or two
 * convolutions keep stride 1, cp8 is upsampled (nearest, {@code cp_up8}) to that resolution, and the fusion module and
 * the main head run there (same parameters; for small inputs, where 1/8 is a few pixels per facial part).
 * Convolutions have no bias (all are followed by batch norm, or are zllrunning's bias-free conv_out / attention
 * convs); initialisation is {@link StandardLayers}'.
 */
public final class BiSeNetBuilder extends NetworkBuilder<BiSeNetBuilder> {
    /** Name of the graph input. */
    public static final String INPUT = "image";
    /** Name of the main output (the parse map inference uses). */
    public static final String OUTPUT = "out_main";
    /** The {@link InputGradientVertex} after the input of the {@link #inferenceCopy} (for the mask loss's gradient). */
    public static final String INPUT_GRADIENT = "image_gradient";
    /** Auxiliary output on the 1/8 context feature (zllrunning feat_out16). */
    public static final String AUX16 = "out_aux16";
    /** Auxiliary output on the 1/16 context feature (zllrunning feat_out32). */
    public static final String AUX32 = "out_aux32";

    private final BiSeNetSpec spec;
    private boolean auxiliaryHeads = true;
    private boolean foldedBatchNorm;

    public BiSeNetBuilder(BiSeNetSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        this.spec = spec;
    }

    /** With the two auxiliary heads (default, for training) or with the main head only (inference, the mask loss). */
    public BiSeNetBuilder auxiliaryHeads(boolean enabled) {
        this.auxiliaryHeads = enabled;
        return this;
    }

    @Override
    protected BiSeNetBuilder self() {
        return this;
    }

    @Override
    public ComputationGraphConfiguration configuration() {
        GraphBuilder graph = graphBuilder(spec.seed());
        GraphBlocks b = new GraphBlocks(graph, standardLayers(), foldedBatchNorm);
        int s = spec.imageSize();
        graph.addInputs(INPUT).setInputTypes(InputType.convolutional(s, s, 3));
        String image = foldedBatchNorm ? b.vertex(INPUT_GRADIENT, new InputGradientVertex(), INPUT) : INPUT;
        var w = spec.resnetWidths();
        long arm = spec.armChannels();

        String stem = b.convBn("cp_stem", image, 3, w.get(0), 7, 2, 3, false, 1.0, true);
        String prev = b.layer("cp_pool", b.layers.maxPool(3, 2, 1), stem);
        String[] stageOut = new String[4];
        long prevCh = w.get(0);
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < spec.blocksPerStage(); block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                prev = b.basicBlock("cp_s" + (stage + 1) + "b" + (block + 1), prev, prevCh, w.get(stage), stride);
                prevCh = w.get(stage);
            }
            stageOut[stage] = prev;
        }
        String globalPool = b.layer("cp_gc_pool", b.layers.avgPool(s / 32), stageOut[3]);
        String context = b.convBn("cp_gc", globalPool, w.get(3), arm, 1, 1, 0, false, 1.0, true);
        String arm32 = attentionRefinement(b, "cp_arm32", stageOut[3], w.get(3), s / 32);
        String sum32 = b.vertex("cp_sum32", new ChannelBroadcastVertex(Op.ADD), arm32, context);
        String up32 = b.layer("cp_up32", b.layers.nearestUpsample(2), sum32);
        String cp16 = b.convBn("cp_head32", up32, arm, arm, 3, 1, 1, false, 1.0, true);
        String arm16 = attentionRefinement(b, "cp_arm16", stageOut[2], w.get(2), s / 16);
        String up16 = b.layer("cp_up16", b.layers.nearestUpsample(2), b.add("cp_sum16", arm16, cp16));
        String cp8 = b.convBn("cp_head16", up16, arm, arm, 3, 1, 1, false, 1.0, true);

        String spatial = spec.spatialPath() ? spatialPath(b, image) : stageOut[1];
        int stride = spec.outputStride();
        String context8 = stride == 8 ? cp8
                : b.layer("cp_up8", b.layers.nearestUpsample(8 / stride), cp8);
        String fused = featureFusion(b, spatial, context8, s / stride);

        head(b, OUTPUT, fused, spec.fuseChannels(), spec.fuseChannels(), stride);
        if (auxiliaryHeads) {
            head(b, AUX16, cp8, arm, spec.auxChannels(), 8);
            head(b, AUX32, cp16, arm, spec.auxChannels(), 16);
            graph.setOutputs(OUTPUT, AUX16, AUX32);
        } else {
            graph.setOutputs(OUTPUT);
        }
        return graph.build();
    }

    /**
     * The frozen net the mask loss and inference run: the main head only, each batch norm folded into the
     * convolution before it with {@code trained}'s running statistics ({@code W' = W gamma/sigma},
     * {@code b' = beta - mean gamma/sigma}, sigma = sqrt(var + eps)), other parameters copied layer by layer, and an
     * {@link InputGradientVertex} {@value #INPUT_GRADIENT} after the input. Its output equals {@code trained}'s
     * inference output; having no batch norm, its backward pass is that of the inference function (DL4J's batch-norm
     * layers always back-propagate through batch statistics, which for one image are not the running ones).
     */
    public ComputationGraph inferenceCopy(ComputationGraph trained) {
        BiSeNetBuilder frozenBuilder = new BiSeNetBuilder(spec).layers(layerImplementation()).auxiliaryHeads(false)
                .dataType(trained.params().dataType());
        frozenBuilder.foldedBatchNorm = true;
        ComputationGraph frozen = frozenBuilder.build();
        for (org.deeplearning4j.nn.api.Layer layer : frozen.getLayers()) {
            if (layer.numParams() == 0) {
                continue; // e.g. a ReLU the trained graph fuses into its batch norm
            }
            String name = layer.conf().getLayer().getLayerName();
            String bnName = name.endsWith("_conv") ? name.substring(0, name.length() - "_conv".length()) + "_bn" : null;
            org.deeplearning4j.nn.api.Layer bn = bnName != null
                    && trained.getConfiguration().getVertices().containsKey(bnName) ? trained.getLayer(bnName) : null;
            org.deeplearning4j.nn.api.Layer source = trained.getConfiguration().getVertices().containsKey(name)
                    ? trained.getLayer(name) : null;
            // a folded convolution gains the bias its trained (bias-free) original lacks
            long expected = layer.numParams()
                    - (bn == null ? 0 : layer.getParam(ConvolutionParamInitializer.BIAS_KEY).length());
            if (source == null || source.numParams() != expected) {
                throw new IllegalArgumentException("the trained parse net does not match preset " + spec.name()
                        + " at layer '" + name + "': " + (source == null ? "missing" : source.numParams()
                        + " parameters, expected " + expected));
            }
            if (bn != null) {
                fold(layer, source, bn);
            } else {
                layer.setParams(source.params().dup());
            }
        }
        return frozen;
    }

    /** Sets {@code target}'s W and b to the bias-free convolution {@code conv} followed by batch norm {@code bn}. */
    private static void fold(org.deeplearning4j.nn.api.Layer target, org.deeplearning4j.nn.api.Layer conv,
            org.deeplearning4j.nn.api.Layer bn) {
        INDArray gamma = bn.getParam(BatchNormalizationParamInitializer.GAMMA).reshape(-1);
        INDArray beta = bn.getParam(BatchNormalizationParamInitializer.BETA).reshape(-1);
        INDArray mean = bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1);
        INDArray variance;
        if (bn.paramTable().containsKey(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
            INDArray log10Std = bn.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).reshape(-1);
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std);
            variance = std.mul(std);
        } else {
            variance = bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(-1);
        }
        double eps = ((org.deeplearning4j.nn.conf.layers.BatchNormalization) bn.conf().getLayer()).getEps();
        INDArray scale = gamma.div(Transforms.sqrt(variance.add(eps)));
        INDArray w = conv.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        long out = w.size(0);
        INDArray folded = w.dup('c').reshape('c', out, w.length() / out).mulColumnVector(scale.reshape(out, 1));
        target.getParam(ConvolutionParamInitializer.WEIGHT_KEY).assign(folded.reshape('c', w.shape()));
        INDArray bias = beta.sub(mean.mul(scale));
        INDArray targetBias = target.getParam(ConvolutionParamInitializer.BIAS_KEY);
        targetBias.assign(bias.reshape(targetBias.shape()));
    }

    /** ARM: conv3x3-BN-ReLU to armChannels, times sigmoid(BN(conv1x1(average pool))) per channel. */
    private String attentionRefinement(GraphBlocks b, String prefix, String input, long nIn, int size) {
        long arm = spec.armChannels();
        String feat = b.convBn(prefix + "_conv", input, nIn, arm, 3, 1, 1, false, 1.0, true);
        String pooled = b.layer(prefix + "_pool", b.layers.avgPool(size), feat);
        String att = b.convBn(prefix + "_att", pooled, arm, arm, 1, 1, 0, false, 1.0, false);
        String gate = b.layer(prefix + "_sigmoid", b.layers.sigmoid(), att);
        return b.vertex(prefix + "_mul", new ChannelBroadcastVertex(Op.MULTIPLY), feat, gate);
    }

    /**
     * zllrunning SpatialPath: conv7x7 s2, conv3x3 s2, conv3x3 s2 (each BN-ReLU), conv1x1-BN-ReLU; 1/8 of the input.
     * At output stride 4 the last 3x3 convolution has stride 1, at 2 both (same parameters, 1/outputStride).
     */
    private String spatialPath(GraphBlocks b, String image) {
        long w = spec.resnetWidths().get(0);
        int stride = spec.outputStride();
        String a = b.convBn("sp_c1", image, 3, w, 7, 2, 3, false, 1.0, true);
        String c = b.convBn("sp_c2", a, w, w, 3, stride >= 4 ? 2 : 1, 1, false, 1.0, true);
        String d = b.convBn("sp_c3", c, w, w, 3, stride >= 8 ? 2 : 1, 1, false, 1.0, true);
        return b.convBn("sp_out", d, w, spec.spatialChannels(), 1, 1, 0, false, 1.0, true);
    }

    /** FFM: x = conv1x1-BN-ReLU(concat); a = sigmoid(conv1x1(ReLU(conv1x1(pool(x))))); x + x * a. */
    private String featureFusion(GraphBlocks b, String spatial, String context, int size) {
        long f = spec.fuseChannels();
        String cat = b.merge("ffm_cat", spatial, context);
        String x = b.convBn("ffm_blk", cat, f, f, 1, 1, 0, false, 1.0, true);
        String pooled = b.layer("ffm_pool", b.layers.avgPool(size), x);
        String squeeze = b.layer("ffm_att1", b.layers.conv(f, f / 4, 1, 1, 0, false), pooled);
        String relu = b.layer("ffm_att1_relu", b.layers.relu(), squeeze);
        String excite = b.layer("ffm_att2", b.layers.conv(f / 4, f, 1, 1, 0, false), relu);
        String gate = b.layer("ffm_sigmoid", b.layers.sigmoid(), excite);
        String weighted = b.vertex("ffm_mul", new ChannelBroadcastVertex(Op.MULTIPLY), x, gate);
        return b.add("ffm_out", x, weighted);
    }

    /** BiSeNetOutput: conv3x3-BN-ReLU (mid) -> conv1x1 to the classes -> bilinear x factor -> softmax + CE loss. */
    private void head(GraphBlocks b, String name, String input, long nIn, long mid, int factor) {
        String m = b.convBn(name + "_mid", input, nIn, mid, 3, 1, 1, false, 1.0, true);
        String logits = b.layer(name + "_logits", b.layers.conv(mid, spec.classes(), 1, 1, 0, false), m);
        String up = b.vertex(name + "_up", new BilinearUpsampleVertex(factor), logits);
        b.layer(name, b.layers.pixelSoftmaxLoss(), up);
    }
}
