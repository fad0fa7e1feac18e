package org.dfmvr.train;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;

import org.dfmvr.loss.LightingFrame;
import org.dfmvr.loss.LossWeights;
import org.dfmvr.nn.BiSeNetSpec;
import org.dfmvr.train.sample.Augmentation;
import org.dfmvr.train.sample.SampleTransform;
import org.dfmvr.train.sample.ViewDropout;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The validated settings of one train run ({@code dfmvr.train.*}, {@code dfmvr.parameter-server.*}).
 *
 * @param model             {@link #DFMVR} (the reconstruction graph) or {@link #PARSE} (the BiSeNet face-parse net)
 * @param parse             the parse mode's net and learning rate ({@code dfmvr.train.parse.*})
 * @param batchNormRecalibrationBatches training batches the batch-norm running statistics are recomputed from after
 *                          every epoch ({@code dfmvr.train.batch-norm-recalibration-batches}; 0 = off)
 * @param overwrite         a new run may replace what an earlier train run wrote into {@code out}
 *                          ({@code dfmvr.train.overwrite}; see {@code TrainOutput})
 */
public record TrainSettings(String data, String out, String preset, int epochs, int batchPerWorker, boolean resume,
                            String faceModel, LearningRate lr, String backend, double updatesThreshold,
                            int averagingFrequency, int checkpointEvery, int checkpointsKept, long seed,
                            String networkMask, String controllerAddress, int controllerPort, Guards guards,
                            LossSettings loss, ViewDropout viewDropout, Augmentation augmentation,
                            String model, ParseNet parse, int batchNormRecalibrationBatches, boolean overwrite) {
    public static final Set<String> BACKENDS = Set.of("parameter-server", "parameter-averaging");
    public static final String DFMVR = "dfmvr";
    public static final String PARSE = "parse";

    /**
     * Adam's learning rate ({@code dfmvr.train.lr.*}): {@code initial} for the first {@code constantEpochs} of
     * {@code referenceEpochs} (scaled to the run's length), then a cosine down to {@code floor}.
     */
    public record LearningRate(double initial, int constantEpochs, int referenceEpochs, double floor) {
        /** The schedule of a run of {@code runEpochs} epochs. */
        public ConstantThenCosineSchedule schedule(int runEpochs) {
            return ConstantThenCosineSchedule.scaled(initial, floor, constantEpochs, referenceEpochs, runEpochs);
        }
    }

    /**
     * The BiSeNet face-parse net of {@code --model parse} ({@code dfmvr.train.parse.*}).
     *
     * @param preset                BiSeNet preset, {@link BiSeNetSpec#preset}
     * @param outputStride          2, 4 or 8: the main head's output stride ({@link BiSeNetSpec#outputStride()}); 0:
     *                              the preset's
     * @param learningRate          Adam's learning rate for the first {@code constantEpochFraction} of the run
     * @param learningRateFloor     then a cosine down to this at the last epoch ({@code learning-rate *
     *                              learning-rate-floor-factor}); equal to {@code learningRate}: constant
     * @param constantEpochFraction fraction of the run's epochs at {@code learningRate} before the cosine
     */
    public record ParseNet(String preset, int outputStride, double learningRate, double learningRateFloor,
                           double constantEpochFraction) {
        /** The net's spec: the preset with the output stride applied. */
        public BiSeNetSpec spec() {
            BiSeNetSpec spec = BiSeNetSpec.preset(preset);
            return outputStride == 0 ? spec : spec.withOutputStride(outputStride);
        }

        /** The learning-rate schedule of a run of {@code runEpochs} epochs. */
        public ConstantThenCosineSchedule schedule(int runEpochs) {
            int constant = (int) Math.round(runEpochs * constantEpochFraction);
            return new ConstantThenCosineSchedule(learningRate, learningRateFloor, constant, runEpochs);
        }
    }

    /**
     * Guard rails around training ({@code dfmvr.train.guard.*}, {@code dfmvr.train.watchdog.*}).
     *
     * @param learningCheckSteps after this many steps on a worker its parameters must have changed
     * @param stepTimeout        the job fails when no training step completes for this long
     * @param preflight          check ports, /dev/shm, addresses and off-heap limits on the driver and every
     *                           executor before training
     */
    public record Guards(int learningCheckSteps, Duration stepTimeout, boolean preflight) {
    }

    public static TrainSettings from(DfmvrConfig c) {
        String model = c.getEnum("dfmvr.train.model", Set.of(DFMVR, PARSE));
        double lr = c.getDouble("dfmvr.train.lr.initial");
        if (!(lr > 0 && lr < 1)) {
            throw new ConfigError("dfmvr.train.lr.initial", "must be in (0, 1) but is " + lr);
        }
        double floor = c.getDouble("dfmvr.train.lr.floor");
        if (!(floor >= 0 && floor <= lr)) {
            throw new ConfigError("dfmvr.train.lr.floor", "must be in [0, dfmvr.train.lr.initial = " + lr + "] but is "
                    + floor);
        }
        int referenceEpochs = c.getInt("dfmvr.train.lr.reference-epochs", 1, 100_000);
        LearningRate rate = new LearningRate(lr, c.getInt("dfmvr.train.lr.constant-epochs", 0, referenceEpochs),
                referenceEpochs, floor);
        Duration stepTimeout = c.getDuration("dfmvr.train.watchdog.step-timeout");
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new ConfigError("dfmvr.train.watchdog.step-timeout", "must be positive but is " + stepTimeout);
        }
        Guards guards = new Guards(c.getInt("dfmvr.train.guard.learning-check-steps", 1, 100_000), stepTimeout,
                c.getBoolean("dfmvr.train.preflight"));
        return new TrainSettings(c.getString("dfmvr.train.data"), c.getString("dfmvr.train.out"),
                c.getEnum("dfmvr.train.preset", Set.of("tiny", "small", "paper")),
                c.getInt("dfmvr.train.epochs", 1, 100_000), c.getInt("dfmvr.train.batch-size-per-worker", 1, 4096),
                c.getBoolean("dfmvr.train.resume"), c.getString("dfmvr.train.face-model"), rate,
                c.getEnum("dfmvr.train.backend", BACKENDS), c.getDouble("dfmvr.train.updates-threshold"),
                c.getInt("dfmvr.train.averaging-frequency", 1, 100_000),
                c.getInt("dfmvr.train.checkpoint-every", 1, 100_000), c.getInt("dfmvr.train.checkpoints-kept", 1, 1000),
                c.getLong("dfmvr.run.seed"), c.getString("dfmvr.parameter-server.network-mask"),
                c.getString("dfmvr.parameter-server.controller-address"),
                c.getInt("dfmvr.parameter-server.port", 1, 65535), guards, loss(c), viewDropout(c), augmentation(c), model,
                parse(c), c.getInt("dfmvr.train.batch-norm-recalibration-batches", 0, 10_000),
                c.getBoolean("dfmvr.train.overwrite"));
    }

    private static ParseNet parse(DfmvrConfig c) {
        String k = "dfmvr.train.parse.";
        String stride = c.getEnum(k + "output-stride", Set.of("preset", "2", "4", "8"));
        double lr = c.getDouble(k + "learning-rate");
        if (!(lr > 0 && lr < 1)) {
            throw new ConfigError(k + "learning-rate", "must be in (0, 1) but is " + lr);
        }
        double floor = lr * fraction(c, k + "learning-rate-floor-factor");
        return new ParseNet(c.getEnum(k + "preset", Set.of("tiny", "paper")),
                "preset".equals(stride) ? 0 : Integer.parseInt(stride), lr, Math.min(floor, lr),
                fraction(c, k + "constant-epoch-fraction"));
    }

    /** The per-epoch transform of training samples (view dropout, augmentation) seeded by the run seed. */
    public SampleTransform sampleTransform() {
        return new SampleTransform(viewDropout, augmentation, seed);
    }

    private static LossSettings loss(DfmvrConfig c) {
        String k = "dfmvr.train.loss.";
        LossWeights w = new LossWeights(weight(c, k + "lm2d"), weight(c, k + "para"), weight(c, k + "reflect"),
                weight(c, k + "photo"), weight(c, k + "gamma"), weight(c, k + "mask"), weight(c, k + "lm3d"));
        String parseNet = c.getString(k + "parse-net");
        if (w.mask() > 0 && parseNet.isBlank()) {
            throw new ConfigError(k + "mask", "a mask weight of " + w.mask() + " needs a frozen face-parse net: set "
                    + k + "parse-net, or mask = 0");
        }
        LightingFrame lighting = LightingFrame.valueOf(c.getEnum(k + "lighting",
                Set.of("own-view", "last-view-quirk")).toUpperCase(Locale.ROOT).replace('-', '_'));
        return new LossSettings(w, fraction(c, k + "mask-start-epoch-fraction"), parseNet, lighting);
    }

    private static ViewDropout viewDropout(DfmvrConfig c) {
        String k = "dfmvr.train.view-dropout.";
        return new ViewDropout(c.getBoolean(k + "enabled"), fraction(c, k + "all-views-probability"),
                ViewDropout.Patterns.valueOf(c.getEnum(k + "patterns", Set.of("single-views", "all-subsets"))
                        .toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    private static Augmentation augmentation(DfmvrConfig c) {
        String k = "dfmvr.train.augment.";
        double fMin = weight(c, k + "factor-min"), fMax = weight(c, k + "factor-max");
        if (fMax < fMin) {
            throw new ConfigError(k + "factor-max", "must be >= factor-min (" + fMin + ") but is " + fMax);
        }
        double sMin = weight(c, k + "blur-sigma-min"), sMax = weight(c, k + "blur-sigma-max");
        if (!(sMin > 0)) {
            throw new ConfigError(k + "blur-sigma-min", "must be > 0 but is " + sMin);
        }
        if (sMax < sMin) {
            throw new ConfigError(k + "blur-sigma-max", "must be >= blur-sigma-min (" + sMin + ") but is " + sMax);
        }
        return new Augmentation(c.getBoolean(k + "enabled"), fMin, fMax, fraction(c, k + "blur-probability"), sMin,
                sMax);
    }

    /** A finite, non-negative number. */
    private static double weight(DfmvrConfig c, String key) {
        double v = c.getDouble(key);
        if (!Double.isFinite(v) || v < 0) {
            throw new ConfigError(key, "must be finite and >= 0 but is " + v);
        }
        return v;
    }

    /** A number in [0, 1]. */
    private static double fraction(DfmvrConfig c, String key) {
        double v = c.getDouble(key);
        if (!(v >= 0 && v <= 1)) {
            throw new ConfigError(key, "must be in [0, 1] but is " + v);
        }
        return v;
    }
}
