package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter and compute counts of a DF-MVR graph per {@link LayerGroup}, computed from the graph configuration
 * alone (nothing is allocated, so it works for the paper preset on a laptop).
 *
 * <p>Parameters are trainable ones, comparable with PyTorch's {@code sum(p.numel())}: DL4J also stores the batch-norm
 * running mean and variance in the parameter vector; those are left out here and reported as
 * {@link #runningStatistics()}. Multiply-accumulates (MACs) per sample count convolutions, transposed
 * convolutions, linear layers and involution weighted sums; batch norm, activations, pooling and element-wise ops
 * are not counted. FLOPs = 2 x MACs.
 *
 * @param preset            the spec's name
 * @param parameters        trainable parameters per group
 * @param macsPerSample     multiply-accumulates per sample (one set of views) per group
 * @param runningStatistics batch-norm running mean/variance entries (DL4J parameters, not trainable)
 */
public record ModelSummary(String preset, Map<LayerGroup, Long> parameters, Map<LayerGroup, Long> macsPerSample,
                           long runningStatistics) {
    public ModelSummary {
        parameters = Collections.unmodifiableMap(new EnumMap<>(parameters));
        macsPerSample = Collections.unmodifiableMap(new EnumMap<>(macsPerSample));
    }

    public long totalParameters() {
        return parameters.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalMacsPerSample() {
        return macsPerSample.values().stream().mapToLong(Long::longValue).sum();
    }

    /** 2 x {@link #totalMacsPerSample()}. */
    public long flopsPerSample() {
        return 2 * totalMacsPerSample();
    }

    /** Counts the configuration built for {@code spec}. */
    public static ModelSummary of(NetworkSpec spec, ComputationGraphConfiguration conf) {
        InputType[] inputs = new InputType[spec.views()];
        for (int v = 0; v < inputs.length; v++) {
            inputs[v] = InputType.convolutional(spec.imageSize(), spec.imageSize(), spec.channelsPerView());
        }
        Map<String, InputType> outputTypes = conf.getLayerActivationTypes(inputs);
        Map<LayerGroup, Long> params = new EnumMap<>(LayerGroup.class);
        Map<LayerGroup, Long> macs = new EnumMap<>(LayerGroup.class);
        for (LayerGroup g : LayerGroup.values()) {
            params.put(g, 0L);
            macs.put(g, 0L);
        }
        long running = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String name = e.getKey();
            GraphVertex vertex = e.getValue();
            List<String> vertexInputs = conf.getVertexInputs().get(name);
            InputType in = vertexInputs == null ? null
                    : outputTypes.getOrDefault(vertexInputs.get(0), inputs[0]);
            InputType out = outputTypes.get(name);
            LayerGroup group = LayerGroup.of(name);
            long p = vertex.numParams(true);
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization bn) {
                long stats = 2 * bn.getNOut();
                running += stats;
                p -= stats;
            }
            params.merge(group, p, Long::sum);
            macs.merge(group, macs(vertex, in, out), Long::sum);
        }
        return new ModelSummary(spec.name(), params, macs, running);
    }

    private static long macs(GraphVertex vertex, InputType in, InputType out) {
        if (vertex instanceof InvolutionVertex inv) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return o.getChannels() * o.getHeight() * o.getWidth() * inv.getKernelSize() * inv.getKernelSize();
        }
        if (!(vertex instanceof LayerVertex lv)) {
            return 0;
        }
        Layer layer = lv.getLayerConf().getLayer();
        if (layer instanceof Deconvolution2D d) {
            InputType.InputTypeConvolutional i = (InputType.InputTypeConvolutional) in;
            return i.getHeight() * i.getWidth() * d.getNIn() * d.getNOut() * d.getKernelSize()[0]
                    * d.getKernelSize()[1];
        }
        if (layer instanceof ConvolutionLayer c) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return o.getHeight() * o.getWidth() * c.getNIn() * c.getNOut() * c.getKernelSize()[0]
                    * c.getKernelSize()[1];
        }
        if (layer instanceof FeedForwardLayer f && !(layer instanceof BatchNormalization)) {
            return f.getNIn() * f.getNOut();
        }
        return 0;
    }

    /** A Markdown table: one row per group with parameters (millions) and GFLOPs per sample, then the total. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| group | parameters | M params | GFLOPs / sample |\n|---|---:|---:|---:|\n");
        for (LayerGroup g : LayerGroup.values()) {
            sb.append(String.format("| %s | %,d | %.3f | %.3f |%n", g.name().toLowerCase(java.util.Locale.ROOT),
                    parameters.get(g), parameters.get(g) / 1e6, 2 * macsPerSample.get(g) / 1e9));
        }
        sb.append(String.format("| **total** | %,d | %.3f | %.3f |%n", totalParameters(), totalParameters() / 1e6,
                flopsPerSample() / 1e9));
        return sb.toString();
    }
}
