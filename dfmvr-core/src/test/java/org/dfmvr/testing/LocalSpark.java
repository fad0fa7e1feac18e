package org.dfmvr.testing;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.spark.SparkSessions;

import java.util.Map;

/**
 * The one local SparkSession every test in a JVM shares (Spark allows one SparkContext per JVM, and starting one
 * costs seconds). Built through {@link SparkSessions}, so tests run with the jobs' real settings; stopped at JVM exit.
 */
public final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.spark.master", "\"local[2]\"",
                    "dfmvr.spark.conf.\"spark.sql.shuffle.partitions\"", "4"));
            session = SparkSessions.getOrCreate("dfmvr-tests", cfg);
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "stop-local-spark"));
        }
        return session;
    }

    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
