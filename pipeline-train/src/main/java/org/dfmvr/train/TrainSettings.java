package org.dfmvr.train;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;

import java.util.Set;

/** The validated settings of one train run ({@code dfmvr.train.*}, {@code dfmvr.parameter-server.*}). */
public record TrainSettings(String data, String out, String preset, int epochs, int batchPerWorker, boolean resume,
                            String faceModel, double learningRate, String backend, double updatesThreshold,
                            int averagingFrequency, int checkpointEvery, int checkpointsKept, long seed,
                            String networkMask, String controllerAddress, int controllerPort) {
    public static final Set<String> BACKENDS = Set.of("parameter-server", "parameter-averaging");

    public static TrainSettings from(DfmvrConfig c) {
        String model = c.getEnum("dfmvr.train.model", Set.of("dfmvr", "parse"));
        if (!model.equals("dfmvr")) {
            throw new ConfigError("dfmvr.train.model", "'parse' (face-parse net pre-training) is not built yet; "
                    + "use dfmvr");
        }
        double lr = c.getDouble("dfmvr.train.learning-rate");
        if (!(lr > 0 && lr < 1)) {
            throw new ConfigError("dfmvr.train.learning-rate", "must be in (0, 1) but is " + lr);
        }
        return new TrainSettings(c.getString("dfmvr.train.data"), c.getString("dfmvr.train.out"),
                c.getEnum("dfmvr.train.preset", Set.of("tiny", "small", "paper")),
                c.getInt("dfmvr.train.epochs", 1, 100_000), c.getInt("dfmvr.train.batch-size-per-worker", 1, 4096),
                c.getBoolean("dfmvr.train.resume"), c.getString("dfmvr.train.face-model"), lr,
                c.getEnum("dfmvr.train.backend", BACKENDS), c.getDouble("dfmvr.train.updates-threshold"),
                c.getInt("dfmvr.train.averaging-frequency", 1, 100_000),
                c.getInt("dfmvr.train.checkpoint-every", 1, 100_000), c.getInt("dfmvr.train.checkpoints-kept", 1, 1000),
                c.getLong("dfmvr.run.seed"), c.getString("dfmvr.parameter-server.network-mask"),
                c.getString("dfmvr.parameter-server.controller-address"),
                c.getInt("dfmvr.parameter-server.port", 1, 65535));
    }
}
