package org.dfmvr.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;

import java.util.Map;

/**
 * Creates the SparkSession of a job from the typed config.
 *
 * <p>Under {@code spark-submit} the master and cluster settings come from spark-submit (they arrive as {@code spark.*}
 * system properties, which {@link SparkConf} reads) and win over our defaults; run from {@code bin/dfmvr} the job gets
 * {@code dfmvr.spark.master} (default {@code local[*]}) on loopback. Kryo with ND4J's registrator is the default
 * serializer because DL4J ships INDArrays through Spark ({@link DfmvrKryoRegistrator} adds our records).
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** The Spark settings a job would start with (exposed for tests and {@code --print-config}). */
    public static SparkConf sparkConf(String appName, DfmvrConfig config) {
        SparkConf conf = new SparkConf(true); // loads spark.* system properties, as spark-submit sets them
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.master", config.getString("dfmvr.spark.master"));
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", config.getString("dfmvr.spark.driver-host"));
            conf.setIfMissing("spark.driver.bindAddress", config.getString("dfmvr.spark.driver-host"));
        }
        conf.setIfMissing("spark.ui.enabled", Boolean.toString(config.getBoolean("dfmvr.spark.ui-enabled")));
        String serializer = config.getEnum("dfmvr.spark.serializer", java.util.Set.of("kryo", "java"));
        if (serializer.equals("kryo")) {
            conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
            conf.setIfMissing("spark.kryo.registrator", DfmvrKryoRegistrator.class.getName());
        }
        for (Map.Entry<String, String> e : config.getStringMap("dfmvr.spark.conf").entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        return conf;
    }

    /** The session for a job (an existing one is reused, e.g. when quickstart runs the jobs one after another). */
    public static SparkSession getOrCreate(String appName, DfmvrConfig config) {
        return SparkSession.builder().config(sparkConf(appName, config)).getOrCreate();
    }
}
