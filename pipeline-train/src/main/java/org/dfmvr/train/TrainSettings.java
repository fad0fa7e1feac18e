package org.dfmvr.train;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;

import java.util.Set;

/**
 * The validated settings of one train run ({@code dfmvr.train.*}, {@code dfmvr.parameter-server.*}).
 *
 * @param model             {@link #DFMVR} (the reconstruction graph) or {@link #PARSE} (the BiSeNet face-parse net)
 * @param parsePreset       BiSeNet preset of the parse mode ({@code dfmvr.train.parse.preset})
 * @param parseLearningRate Adam learning rate of the parse mode ({@code dfmvr.train.parse.learning-rate})
 */
public record TrainSettings(String data, String out, String preset, int epochs, int batchPerWorker, boolean resume,
                            String faceModel, double learningRate, String backend, double updatesThreshold,
                            int averagingFrequency, int checkpointEvery, int checkpointsKept, long seed,
                            String networkMask, String controllerAddress, int controllerPort, String model,
                            String parsePreset, double parseLearningRate) {
    public static final Set<String> BACKENDS = Set.of("parameter-server", "parameter-averaging");
    public static final String DFMVR = "dfmvr";
    public static final String PARSE = "parse";

    public static TrainSettings from(DfmvrConfig c) {
        String model = c.getEnum("dfmvr.train.model", Set.of(DFMVR, PARSE));
        double lr = learningRate(c, "dfmvr.train.learning-rate");
        return new TrainSettings(c.getString("dfmvr.train.data"), c.getString("dfmvr.train.out"),
                c.getEnum("dfmvr.train.preset", Set.of("tiny", "small", "paper")),
                c.getInt("dfmvr.train.epochs", 1, 100_000), c.getInt("dfmvr.train.batch-size-per-worker", 1, 4096),
                c.getBoolean("dfmvr.train.resume"), c.getString("dfmvr.train.face-model"), lr,
                c.getEnum("dfmvr.train.backend", BACKENDS), c.getDouble("dfmvr.train.updates-threshold"),
                c.getInt("dfmvr.train.averaging-frequency", 1, 100_000),
                c.getInt("dfmvr.train.checkpoint-every", 1, 100_000), c.getInt("dfmvr.train.checkpoints-kept", 1, 1000),
                c.getLong("dfmvr.run.seed"), c.getString("dfmvr.parameter-server.network-mask"),
                c.getString("dfmvr.parameter-server.controller-address"),
                c.getInt("dfmvr.parameter-server.port", 1, 65535), model,
                c.getEnum("dfmvr.train.parse.preset", Set.of("tiny", "paper")),
                learningRate(c, "dfmvr.train.parse.learning-rate"));
    }

    private static double learningRate(DfmvrConfig c, String key) {
        double lr = c.getDouble(key);
        if (!(lr > 0 && lr < 1)) {
            throw new ConfigError(key, "must be in (0, 1) but is " + lr);
        }
        return lr;
    }
}
