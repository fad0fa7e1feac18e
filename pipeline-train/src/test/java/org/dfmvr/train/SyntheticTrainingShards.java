package org.dfmvr.train;

import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.spark.SparkSessions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The small synthetic data set of the multi-JVM train tests, and the train keys every one of them shares. */
final class SyntheticTrainingShards {
    private SyntheticTrainingShards() {
    }

    /**
     * Synthesises and ingests 8 subjects x 2 expressions at 64 px under {@code dir} with a local-mode Spark that is
     * stopped afterwards (a JVM holds one SparkContext at a time).
     *
     * @return the synth and ingest keys plus train's data, out ({@code dir/train}), epochs, batch size 2, learning
     *         rate 1e-3 and a checkpoint every epoch; callers add their backend's keys
     */
    static Map<String, String> build(Path dir, int epochs) throws Exception {
        Map<String, String> keys = new HashMap<>(Map.of(
                "dfmvr.synth.output", dir.resolve("raw").toString(), "dfmvr.synth.subjects", "8",
                "dfmvr.synth.expressions", "2", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", dir.resolve("raw").toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "64"));
        DfmvrConfig cfg = DfmvrConfig.load(null, keys);
        SparkSession local = SparkSessions.getOrCreate("dfmvr-synth-ingest", cfg);
        try {
            SynthRunner.run(local, SynthJob.job(cfg), Duration.ofSeconds(30));
            IngestSettings ingest = IngestSettings.from(cfg);
            IngestRunner.run(local, ingest, new SyntheticReader(ingest), Duration.ofSeconds(30));
        } finally {
            local.stop();
        }
        keys.putAll(Map.of("dfmvr.train.data", dir.resolve("shards").toString(),
                "dfmvr.train.out", dir.resolve("train").toString(), "dfmvr.train.epochs", Integer.toString(epochs),
                "dfmvr.train.batch-size-per-worker", "2", "dfmvr.train.lr.initial", "1e-3",
                "dfmvr.train.checkpoint-every", "1"));
        return keys;
    }
}
