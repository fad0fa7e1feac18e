package org.dfmvr.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dfmvr.loss.LossBreakdown;
import org.dfmvr.loss.WeakSupervisionLoss;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * "Is it learning" and NaN guard, run on the executors after every training step of the model it is attached to:
 * a non-finite loss or parameter fails the step at once, and if the parameters did not change over the first
 * {@code learningCheckSteps} steps the run fails too, instead of training on garbage or burning a cluster on a model
 * that does not move. Each failure is a {@link GuardFailure} whose message says which step, which loss terms (for the
 * weak-supervision loss), the last finite loss and what to try; Spark carries that message to the driver. Every
 * step also ticks the {@link StepWatchdog} clock of the JVM it runs in.
 */
public final class TrainingGuard extends BaseTrainingListener implements Serializable {
    /** Starts every guard message, so the driver can find it inside Spark's wrapped exception text. */
    public static final String PREFIX = "training guard: ";
    private static final long serialVersionUID = 1L;
    private final int learningCheckSteps;
    // per executor copy (deserialised, so only Java defaults: no initialisers run)
    private transient int steps;
    private transient boolean sawFiniteLoss;
    private transient double lastFiniteLoss;
    private transient int lastFiniteIteration;
    private transient INDArray firstParams;

    public TrainingGuard(int learningCheckSteps) {
        if (learningCheckSteps < 1) {
            throw new IllegalArgumentException("learningCheckSteps: expected >= 1, got " + learningCheckSteps);
        }
        this.learningCheckSteps = learningCheckSteps;
    }

    /** A guard failure; its message starts with {@link #PREFIX}. */
    public static final class GuardFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        GuardFailure(String message) {
            super(PREFIX + message);
        }
    }

    /**
     * The guard failure inside {@code failure} (Spark passes executor exceptions on as text in its own exception's
     * message), as a {@link GuardFailure} with {@code failure} as cause; empty when the failure is not the guard's.
     */
    public static java.util.Optional<GuardFailure> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(PREFIX);
            if (at >= 0) {
                int end = m.indexOf('\n', at);
                GuardFailure g = new GuardFailure(m.substring(at + PREFIX.length(), end < 0 ? m.length() : end));
                g.initCause(failure);
                return java.util.Optional.of(g);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        StepWatchdog.tick();
        steps++;
        double loss = model.score();
        INDArray params = model.params();
        // one reduction: the sum is finite only if every parameter is
        double paramSum = params.sumNumber().doubleValue();
        if (!Double.isFinite(loss) || !Double.isFinite(paramSum)) {
            String what = !Double.isFinite(loss) ? "loss is " + loss
                    : "parameters are not finite (sum " + paramSum + ")";
            String lastFinite = !sawFiniteLoss ? "none (first step)"
                    : String.format(Locale.ROOT, "%.6g at step %d", lastFiniteLoss, lastFiniteIteration);
            String rate = model instanceof ComputationGraph g
                    ? String.format(Locale.ROOT, "%.3g", TrainRunner.learningRate(g)) : "unknown";
            throw new GuardFailure(String.format(Locale.ROOT, "%s at step %d (epoch %d, step %d of this worker)%s; "
                    + "last finite loss %s. Training diverged or the input holds NaN/Inf: lower "
                    + "dfmvr.train.lr.initial (the rate now: %s) and check the shards",
                    what, iteration, epoch, steps, termsOf(model), lastFinite, rate));
        }
        sawFiniteLoss = true;
        lastFiniteLoss = loss;
        lastFiniteIteration = iteration;
        if (steps == 1) {
            firstParams = params.dup();
        } else if (steps == learningCheckSteps + 1) {
            boolean unchanged = firstParams.equals(params);
            firstParams = null;
            if (unchanged) {
                throw new GuardFailure(String.format(Locale.ROOT, "the parameters did not change over %d steps "
                                + "(steps %d-%d, epoch %d; loss %.6g): the learning rate is 0 or too small, the "
                                + "gradients vanish, or every layer is frozen; check dfmvr.train.lr.*",
                        learningCheckSteps, iteration - learningCheckSteps, iteration, epoch, loss));
            }
        }
    }

    /** The weak-supervision loss terms of the latest batch, e.g. {@code ; terms: photo NaN, ...}, or empty. */
    private static String termsOf(Model model) {
        if (!(model instanceof ComputationGraph g)) {
            return "";
        }
        for (String out : g.getConfiguration().getNetworkOutputs()) {
            if (g.getLayer(out).conf().getLayer() instanceof BaseOutputLayer o
                    && o.getLossFn() instanceof WeakSupervisionLoss w && w.lastBreakdown() != null) {
                return "; terms of the latest loss evaluation: " + describe(w.lastBreakdown());
            }
        }
        return "";
    }

    static String describe(LossBreakdown b) {
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("photo", b.photo());
        terms.put("landmarks2d", b.landmarks2d());
        terms.put("landmarks3d", b.landmarks3d());
        terms.put("coefficient prior", b.coefficientPrior());
        terms.put("gamma prior", b.gammaPrior());
        terms.put("reflectance", b.reflectance());
        terms.put("mask", b.mask());
        StringJoiner all = new StringJoiner(", ");
        terms.forEach((name, v) -> all.add(name + " " + String.format(Locale.ROOT, "%.4g", v)
                + (Double.isFinite(v) ? "" : " (NOT FINITE)")));
        return all + ", non-finite examples " + b.nonFiniteExamples();
    }
}
