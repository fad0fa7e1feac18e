package org.dfmvr.train;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;

import java.time.Duration;
import java.util.Set;

/** The validated settings of one train run ({@code dfmvr.train.*}, {@code dfmvr.parameter-server.*}). */
public record TrainSettings(String data, String out, String preset, int epochs, int batchPerWorker, boolean resume,
                            String faceModel, LearningRate lr, String backend, double updatesThreshold,
                            int averagingFrequency, int checkpointEvery, int checkpointsKept, long seed,
                            String networkMask, String controllerAddress, int controllerPort, Guards guards) {
    public static final Set<String> BACKENDS = Set.of("parameter-server", "parameter-averaging");

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
        String model = c.getEnum("dfmvr.train.model", Set.of("dfmvr", "parse"));
        if (!model.equals("dfmvr")) {
            throw new ConfigError("dfmvr.train.model", "'parse' (face-parse net pre-training) is not built yet; "
                    + "use dfmvr");
        }
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
                c.getInt("dfmvr.parameter-server.port", 1, 65535), guards);
    }
}
