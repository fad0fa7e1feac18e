package org.dfmvr.nn;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared test fixtures: the double-precision gradient-check configuration and the ModelSerializer round trip. */
final class GradientChecks {
    private static final double EPSILON = 1e-6;
    private static final double MAX_REL_ERROR = 1e-3;
    private static final double MIN_ABS_ERROR = 1e-8;
    private GradientChecks() {
    }

    /** Double precision everywhere; call before building a network for a gradient check. */
    static void useDoublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Central differences, eps 1e-6, max relative error 1e-3, absolute errors below 1e-8 ignored. */
    static GradientCheckUtil.GraphConfig config(ComputationGraph net, INDArray[] inputs, INDArray[] labels) {
        return new GradientCheckUtil.GraphConfig().net(net).inputs(inputs).labels(labels).epsilon(EPSILON)
                .maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false);
    }

    static boolean passes(ComputationGraph net, INDArray[] inputs, INDArray[] labels) {
        return GradientCheckUtil.checkGradients(config(net, inputs, labels));
    }

    /**
     * Central-difference check of up to {@code maxPerParam} evenly spaced entries of every parameter array except
     * the batch-norm running statistics, with the tolerances of {@link #config}. Returns the failures (empty = pass).
     *
     * <p>Why not GradientCheckUtil here: in DL4J 1.0.0-M2.1 it names the entries of the flattened parameter vector by
     * the iteration order of {@code paramTable()}, which differs from the flattened (topological) layout as soon as
     * the graph branches; its {@code excludeParams} then skips the wrong entries. BN running mean/log10stdev must be
     * skipped: DL4J stores them as parameters whose "gradient" is their moving-average update, while the
     * training-mode output does not depend on them (DL4J's own BN gradient checks exclude them too). Here each
     * entry is located by the offset of its parameter view, which is exact.
     */
    static List<String> failuresOnSubset(ComputationGraph net, INDArray[] inputs, INDArray[] labels,
            int maxPerParam) {
        return failuresOnSubset(net, inputs, labels, maxPerParam, 1);
    }

    /** As above, but only every {@code arrayStride}-th parameter array (in parameter-table order) is checked. */
    static List<String> failuresOnSubset(ComputationGraph net, INDArray[] inputs, INDArray[] labels,
            int maxPerParam, int arrayStride) {
        INDArray params = net.params();
        net.setInputs(inputs);
        net.setLabels(labels);
        net.computeGradientAndScore();
        // as GradientCheckUtil does: the (NoOp) updater applies the minibatch division to the summed gradient
        net.getUpdater().update(net.gradient(), 0, 0, (int) inputs[0].size(0), LayerWorkspaceMgr.noWorkspaces());
        INDArray analytic = net.gradient().gradient().dup();
        MultiDataSet data = new MultiDataSet(inputs, labels);
        List<String> failures = new ArrayList<>();
        int arrayIndex = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            String name = e.getKey();
            if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")
                    || arrayIndex++ % arrayStride != 0) {
                continue;
            }
            long start = e.getValue().offset() - params.offset();
            long n = e.getValue().length();
            long step = Math.max(1, n / maxPerParam);
            for (long i = start; i < start + n; i += step) {
                double original = params.getDouble(i);
                params.putScalar(i, original + EPSILON);
                double plus = net.score(data, true);
                params.putScalar(i, original - EPSILON);
                double minus = net.score(data, true);
                params.putScalar(i, original);
                double numeric = (plus - minus) / (2 * EPSILON);
                double a = analytic.getDouble(i);
                double absError = Math.abs(a - numeric);
                double relError = absError / (Math.abs(a) + Math.abs(numeric));
                if (relError > MAX_REL_ERROR && absError > MIN_ABS_ERROR) {
                    failures.add(name + "[" + (i - start) + "]: analytic " + a + ", numeric " + numeric);
                }
            }
        }
        return failures;
    }

    /** Writes the network with ModelSerializer (with updater) and reads it back. */
    static ComputationGraph roundTrip(ComputationGraph net) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, bytes, true);
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
