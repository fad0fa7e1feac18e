package org.dfmvr.spark;

import org.apache.spark.SparkConf;
import org.dfmvr.config.DfmvrConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SparkSessionsTest {
    @AfterEach
    void clearSubmitProperties() {
        System.clearProperty("spark.master");
    }

    @Test
    void givenALocalRun_whenConfigured_thenLocalMasterOnLoopbackWithNd4jKryo() {
        SparkConf conf = SparkSessions.sparkConf("t", DfmvrConfig.defaults());
        assertEquals("local[*]", conf.get("spark.master"));
        assertEquals("127.0.0.1", conf.get("spark.driver.host"));
        assertEquals(DfmvrKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
    }

    @Test
    void givenSparkSubmitSetTheMaster_whenConfigured_thenSparkSubmitWinsAndNoLoopbackIsForced() {
        System.setProperty("spark.master", "spark://head:7077"); // what spark-submit does
        SparkConf conf = SparkSessions.sparkConf("t", DfmvrConfig.defaults());
        assertEquals("spark://head:7077", conf.get("spark.master"));
        assertFalse(conf.contains("spark.driver.host"));
    }

    @Test
    void givenFreeFormSparkSettingsInConfig_whenConfigured_thenTheyArePassedThrough() {
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.spark.conf.\"spark.executor.memory\"", "3g"));
        assertEquals("3g", SparkSessions.sparkConf("t", cfg).get("spark.executor.memory"));
    }
}
