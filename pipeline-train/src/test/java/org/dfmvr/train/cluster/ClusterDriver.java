package org.dfmvr.train.cluster;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.train.TrainRunner;
import org.dfmvr.train.TrainSettings;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The train job's driver as a process of its own (so a test can kill it): reads a properties file of {@code spark.*}
 * settings (a {@link StandaloneCluster#sparkConf}) and {@code dfmvr.*} keys, waits for {@code test.executors}
 * executors, runs {@link TrainRunner} as the {@code train} command does and exits 0, 2 on a configuration error, 1
 * otherwise.
 */
public final class ClusterDriver {
    private ClusterDriver() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(r);
        }
        SparkConf conf = new SparkConf();
        Map<String, String> keys = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("spark.")) {
                conf.set(k, p.getProperty(k));
            } else if (k.startsWith("dfmvr.")) {
                keys.put(k, p.getProperty(k));
            }
        }
        int code;
        try {
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            awaitExecutors(spark, Integer.parseInt(p.getProperty("test.executors", "1")));
            DfmvrConfig cfg = DfmvrConfig.load(null, keys);
            TrainRunner.run(spark, TrainSettings.from(cfg), cfg.render());
            spark.stop();
            code = 0;
        } catch (ConfigError e) {
            System.err.println("config error: " + e.getMessage());
            code = 2;
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Starts a driver process on this JVM's class path with {@code jvmFlags}, reading {@code properties}; its output
     * goes to {@code log}.
     */
    public static Process launch(java.util.List<String> jvmFlags, Path properties, Path log) throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-Xmx2g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ClusterDriver.class.getName());
        cmd.add(properties.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Writes {@code entries} as the properties file {@link #main} reads. */
    public static Path properties(Path file, Map<String, String> entries) throws IOException {
        Properties p = new Properties();
        p.putAll(entries);
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "train driver");
        }
        return file;
    }

    private static void awaitExecutors(SparkSession spark, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        if (n <= 0) {
            return;
        }
        while (JavaConverters.seqAsJavaList(spark.sparkContext().getExecutorIds()).size() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + n + " executors within 2 minutes");
            }
            Thread.sleep(250);
        }
    }
}
