package org.dfmvr.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets every batch-norm layer's running mean and variance (what inference normalises with) to the average of its
 * per-batch statistics over a few training batches, run through the graph in training mode.
 *
 * <p>Why: on the parameter-server backend DL4J applies the running-statistics "gradient" through the same
 * threshold encoding as the weights, i.e. at most +-threshold per value per step. With the default 1e-3 the running
 * mean and log10 std of every layer stay within steps x 1e-3 of their initial 0 (measured on a quick-start bundle
 * after 175 steps: max |mean| = max |log10 std| = 0.180 over all 96 batch-norm layers; with parameter averaging the
 * same graph reached 4.6 and 1.56), so the model the job validates, checkpoints and ships normalised its inference
 * with statistics that have nothing to do with its data. Recomputing them from data is exact whatever the backend.
 *
 * <p>The layers are visited in graph order with the activations of one training-mode forward pass per batch, so each
 * layer's statistics are those of the inputs it sees in training (upstream layers normalising with batch statistics).
 * The variance is the biased batch variance averaged over the batches, the quantity DL4J's own moving average tracks;
 * inference adds the layer's eps as before.
 */
public final class BatchNormRecalibration {
    private BatchNormRecalibration() {
    }

    /**
     * Recalibrates {@code graph} in place from {@code batches} (their features only).
     *
     * @return the number of batch-norm layers recalibrated (0 when the graph has none or {@code batches} is empty)
     */
    public static int recalibrate(ComputationGraph graph, List<? extends MultiDataSet> batches) {
        Map<String, String> inputOf = batchNormInputs(graph);
        if (inputOf.isEmpty() || batches.isEmpty()) {
            return 0;
        }
        Map<String, Moments> sums = new LinkedHashMap<>();
        for (MultiDataSet batch : batches) {
            Map<String, INDArray> activations = graph.feedForward(batch.getFeatures(), true, false);
            inputOf.forEach((layer, input) -> {
                INDArray x = activations.get(input);
                if (x == null) {
                    throw new IllegalStateException("batch-norm recalibration: no activation for '" + input
                            + "', the input of layer '" + layer + "'");
                }
                sums.computeIfAbsent(layer, k -> new Moments()).add(x);
            });
        }
        graph.clearLayersStates();
        sums.forEach((layer, moments) -> write(graph.getLayer(layer), moments, batches.size()));
        return sums.size();
    }

    /** Batch-norm layer name -> the vertex whose output it normalises, in graph order. */
    private static Map<String, String> batchNormInputs(ComputationGraph graph) {
        Map<String, String> inputOf = new LinkedHashMap<>();
        Map<String, List<String>> inputs = graph.getConfiguration().getVertexInputs();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex vertex = graph.getVertices()[index];
            if (vertex.hasLayer() && vertex.getLayer() instanceof BatchNormalization) {
                List<String> in = inputs.get(vertex.getVertexName());
                if (in == null || in.size() != 1) {
                    throw new IllegalStateException("batch-norm layer '" + vertex.getVertexName()
                            + "' must have exactly one input, has " + in);
                }
                inputOf.put(vertex.getVertexName(), in.get(0));
            }
        }
        return inputOf;
    }

    private static void write(Layer layer, Moments moments, int batchCount) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization conf =
                (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
        double[] mean = moments.mean.clone();
        double[] variance = moments.variance.clone();
        for (int c = 0; c < mean.length; c++) {
            mean[c] /= batchCount;
            variance[c] /= batchCount;
        }
        assign(layer, BatchNormalizationParamInitializer.GLOBAL_MEAN, mean);
        if (conf.isUseLogStd()) {
            double[] log10Std = new double[variance.length];
            for (int c = 0; c < variance.length; c++) {
                // the layers store log10(sqrt(var)) and decode var = 10^(2 log10std); a zero variance (a dead
                // channel) would give -infinity, so floor it far below any eps
                log10Std[c] = Math.log10(Math.max(variance[c], 1e-30)) / 2;
            }
            assign(layer, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, log10Std);
        } else {
            assign(layer, BatchNormalizationParamInitializer.GLOBAL_VAR, variance);
        }
    }

    private static void assign(Layer layer, String key, double[] values) {
        INDArray param = layer.getParam(key);
        if (param == null || param.length() != values.length) {
            throw new IllegalStateException("batch-norm layer '" + layer.getConfig().getLayerName() + "': parameter '"
                    + key + "' " + (param == null ? "missing" : Arrays.toString(param.shape())) + ", expected "
                    + values.length + " values");
        }
        param.assign(Nd4j.createFromArray(values).castTo(param.dataType()).reshape(param.shape()));
    }

    /** Sums over batches of each channel's batch mean and biased batch variance. */
    private static final class Moments {
        double[] mean;
        double[] variance;

        void add(INDArray x) {
            if (x.rank() != 2 && x.rank() != 4) {
                throw new IllegalArgumentException("batch-norm recalibration: expected [N,C] or [N,C,H,W], got "
                        + Arrays.toString(x.shape()));
            }
            int[] reduce = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
            INDArray d = x.castTo(DataType.DOUBLE);
            double[] m = d.mean(reduce).toDoubleVector();
            double[] v = d.var(false, reduce).toDoubleVector();
            if (mean == null) {
                mean = new double[m.length];
                variance = new double[v.length];
            }
            for (int c = 0; c < m.length; c++) {
                mean[c] += m[c];
                variance[c] += v[c];
            }
        }
    }
}
