package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trainable parameters of a BiSeNet configuration per part, recognised by the layer-name prefix ({@code cp_}
 * context path, {@code sp_} spatial path, {@code ffm_} feature fusion, {@code out_} heads); batch-norm running
 * statistics (DL4J parameters, not trained) are left out. Computed from the configuration alone.
 *
 * @param preset     the spec's name
 * @param parameters trainable parameters per part, in the order above
 */
public record ParseNetSummary(String preset, Map<String, Long> parameters) {
    /** Part name -> layer-name prefix. */
    private static final Map<String, String> PARTS = parts();

    public ParseNetSummary {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    private static Map<String, String> parts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("context path", "cp_");
        m.put("spatial path", "sp_");
        m.put("feature fusion", "ffm_");
        m.put("heads", "out_");
        return Collections.unmodifiableMap(m);
    }

    /** Counts {@code conf}, a configuration {@link BiSeNetBuilder} made for {@code spec}. */
    public static ParseNetSummary of(BiSeNetSpec spec, ComputationGraphConfiguration conf) {
        Map<String, Long> params = new LinkedHashMap<>();
        PARTS.forEach((part, prefix) -> params.put(part, 0L));
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String part = PARTS.entrySet().stream().filter(p -> e.getKey().startsWith(p.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (part != null) {
                params.merge(part, trainable(e.getValue()), Long::sum);
            }
        }
        return new ParseNetSummary(spec.name(), params);
    }

    /** Trainable parameters of one vertex: all of them, less a batch norm's running mean and variance. */
    static long trainable(GraphVertex vertex) {
        long p = vertex.numParams(true);
        if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization bn) {
            p -= 2 * bn.getNOut();
        }
        return p;
    }

    public long totalParameters() {
        return parameters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A Markdown table: one row per part with parameters (and millions), then the total. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| part | parameters | M params |\n|---|---:|---:|\n");
        parameters.forEach((part, n) -> sb.append(String.format("| %s | %,d | %.3f |%n", part, n, n / 1e6)));
        sb.append(String.format("| **total** | %,d | %.3f |%n", totalParameters(), totalParameters() / 1e6));
        return sb.toString();
    }
}
