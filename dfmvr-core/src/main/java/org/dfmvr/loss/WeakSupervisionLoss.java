package org.dfmvr.loss;

import java.util.Objects;
import java.util.stream.IntStream;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DF-MVR's weakly supervised objective as a DL4J loss for the coefficient {@code OutputLayer} (use the identity
 * activation): output [N, {@link org.dfmvr.facemodel.CoeffLayout#size()}], labels [N, {@link LabelLayout#size()}]
 * packed as docs/loss.md and {@link LabelLayout} describe. Each example is evaluated by {@link WeakObjective}, in
 * parallel over the batch (the common fork-join pool); the score is the weighted total, and
 * {@link #lastBreakdown()} gives the per-term batch means of the latest call for the training log.
 *
 * <p>Serialises to DL4J JSON as its settings only: the model is referenced by spec ({@link LossModels}) and loaded
 * lazily, once per JVM. An optional DL4J per-example mask [N,1] scales each example's score and gradient.
 */
public final class WeakSupervisionLoss implements ILossFunction {
    @JsonProperty("modelSpec")
    private final String modelSpec;
    @JsonProperty("imageSize")
    private final int imageSize;
    @JsonProperty("views")
    private final int views;
    @JsonProperty("weights")
    private final double[] weights;
    @JsonProperty("lighting")
    private final LightingFrame lighting;
    @JsonProperty("alignmentGradient")
    private final AlignmentGradient alignmentGradient;
    @JsonProperty("parseNetPath")
    private final String parseNetPath;

    @JsonIgnore
    private transient volatile WeakObjective objective;
    @JsonIgnore
    private transient volatile LossBreakdown last = LossBreakdown.zero();
    /**
     * The inputs and per-example scores of the latest gradient computation: DL4J's output layer asks for the
     * gradient and then for the score of the same output and labels, and this answers the second from the first.
     */
    @JsonIgnore
    private transient volatile Evaluated lastGradientCall;

    /** Output [N·C], labels [N·L], mask [N] or null, as doubles; per-example scores [N]; batch-mean breakdown. */
    private record Evaluated(double[] output, double[] labels, double[] mask, double[] scores,
                             LossBreakdown breakdown) {
        boolean sameInputs(double[] o, double[] l, double[] m) {
            return java.util.Arrays.equals(output, o) && java.util.Arrays.equals(mask, m)
                    && java.util.Arrays.equals(labels, l);
        }
    }

    /**
     * @param modelSpec face model spec ({@link LossModels})
     * @param settings  the objective's settings
     */
    public WeakSupervisionLoss(String modelSpec, ObjectiveSettings settings) {
        if (modelSpec == null || modelSpec.isBlank()) {
            throw new IllegalArgumentException("WeakSupervisionLoss.modelSpec must be a face model spec, got "
                    + modelSpec);
        }
        this.modelSpec = modelSpec;
        this.imageSize = settings.imageSize();
        this.views = settings.views();
        this.weights = settings.weights().toArray();
        this.lighting = settings.lighting();
        this.alignmentGradient = settings.alignmentGradient();
        this.parseNetPath = settings.parseNetPath();
    }

    @JsonCreator
    WeakSupervisionLoss(@JsonProperty("modelSpec") String modelSpec, @JsonProperty("imageSize") int imageSize,
                        @JsonProperty("views") int views, @JsonProperty("weights") double[] weights,
                        @JsonProperty("lighting") LightingFrame lighting,
                        @JsonProperty("alignmentGradient") AlignmentGradient alignmentGradient,
                        @JsonProperty("parseNetPath") String parseNetPath) {
        this(modelSpec, new ObjectiveSettings(imageSize, views, LossWeights.fromArray(weights), lighting,
                alignmentGradient, parseNetPath));
    }

    /** The objective's settings. */
    public ObjectiveSettings settings() {
        return new ObjectiveSettings(imageSize, views, LossWeights.fromArray(weights), lighting, alignmentGradient,
                parseNetPath);
    }

    /** The objective, built on first use from the model spec. */
    public WeakObjective objective() {
        WeakObjective o = objective;
        if (o == null) {
            synchronized (this) {
                if (objective == null) {
                    objective = new WeakObjective(LossModels.resolve(modelSpec), settings());
                }
                o = objective;
            }
        }
        return o;
    }

    /** Per-term means over the batch of the latest score or gradient computation. */
    public LossBreakdown lastBreakdown() {
        return last;
    }

    /** Per-example totals [N] and, when grad is non-null, dTotal/dOutput into grad [N·C]. */
    private double[] evaluate(INDArray labels, INDArray output, INDArray mask, double[] grad) {
        WeakObjective o = objective();
        int n = (int) output.size(0);
        int c = o.coeffLayout().size();
        int l = o.labelLayout().size();
        if (output.rank() != 2 || output.size(1) != c) {
            throw new IllegalArgumentException("output must be [N," + c + "] coefficients for " + o.coeffLayout()
                    + ", got " + java.util.Arrays.toString(output.shape()));
        }
        if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != l) {
            throw new IllegalArgumentException("labels must be [N," + l + "] packed as " + o.labelLayout()
                    + " (docs/loss.md), got " + java.util.Arrays.toString(labels.shape()));
        }
        double[] out = output.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] lab = labels.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] m = mask == null ? null : mask.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        Evaluated cached = lastGradientCall;
        if (grad == null && cached != null && cached.sameInputs(out, lab, m)) {
            last = cached.breakdown();
            return cached.scores().clone();
        }
        double[] scores = new double[n];
        LossBreakdown[] parts = new LossBreakdown[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double w = m == null ? 1 : m[i];
            if (w == 0) {
                parts[i] = LossBreakdown.zero();
                return;
            }
            double[] g = grad == null ? null : new double[c];
            double[] li = java.util.Arrays.copyOfRange(lab, i * l, (i + 1) * l);
            LossBreakdown b = o.evaluate(java.util.Arrays.copyOfRange(out, i * c, (i + 1) * c), 0, li, 0, g);
            parts[i] = b;
            scores[i] = w * b.total();
            if (g != null) {
                for (int k = 0; k < c; k++) {
                    grad[i * c + k] = w * g[k];
                }
            }
        });
        LossBreakdown sum = LossBreakdown.zero();
        for (LossBreakdown b : parts) {
            sum = sum.plus(b);
        }
        last = sum.dividedBy(n);
        if (grad != null) {
            lastGradientCall = new Evaluated(out, lab, m, scores.clone(), last);
        }
        return scores;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double s = 0;
        for (double v : evaluate(labels, activationFn.getActivation(preOutput.dup(), false), mask, null)) {
            s += v;
        }
        return average ? s / preOutput.size(0) : s;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] s = evaluate(labels, activationFn.getActivation(preOutput.dup(), false), mask, null);
        return Nd4j.createFromArray(s).reshape(s.length, 1).castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return gradient(labels, preOutput, activationFn, mask, null);
    }

    private INDArray gradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                              double[][] scoresOut) {
        INDArray output = activationFn.getActivation(preOutput.dup(), true);
        double[] grad = new double[(int) output.length()];
        double[] scores = evaluate(labels, output, mask, grad);
        if (scoresOut != null) {
            scoresOut[0] = scores;
        }
        INDArray dOut = Nd4j.createFromArray(grad).reshape(output.shape()).castTo(preOutput.dataType());
        return activationFn.backprop(preOutput.dup(), dOut).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        double[][] scores = new double[1][];
        INDArray g = gradient(labels, preOutput, activationFn, mask, scores);
        double s = 0;
        for (double v : scores[0]) {
            s += v;
        }
        return new Pair<>(average ? s / preOutput.size(0) : s, g);
    }

    @Override
    public String name() {
        return "WeakSupervisionLoss";
    }

    @Override
    public String toString() {
        return "WeakSupervisionLoss(" + modelSpec + ", " + settings() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeakSupervisionLoss w && modelSpec.equals(w.modelSpec) && imageSize == w.imageSize
                && views == w.views && java.util.Arrays.equals(weights, w.weights) && lighting == w.lighting
                && alignmentGradient == w.alignmentGradient && Objects.equals(parseNetPath, w.parseNetPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelSpec, imageSize, views, java.util.Arrays.hashCode(weights), lighting,
                alignmentGradient, parseNetPath);
    }
}
