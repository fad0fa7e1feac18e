package org.dfmvr.nn.fast;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native-op layers train under dl4j-spark-parameterserver (SharedTrainingMaster, local[2]). */
class FastLayersSparkTrainingTest {
    private static final ProbeUnet.Spec SPEC = new ProbeUnet.Spec(2, 2, 16, 4, 3);

    @Test
    @Timeout(600)
    void givenProbeUnetOfNativeLayers_whenTrainedWithSharedTrainingMaster_thenScoreDropsAndLayersStayNative()
            throws IOException {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("fast-layers")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<MultiDataSet> batches = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batches.add(batch(4, 100 + i));
            }
            JavaRDD<MultiDataSet> rdd = sc.parallelize(batches, 2);
            VoidConfiguration vc = VoidConfiguration.builder().unicastPort(freePort()).networkMask("127.0.0.0/8")
                    .controllerAddress("127.0.0.1").build();
            SharedTrainingMaster tm = new SharedTrainingMaster.Builder(vc, 4).batchSizePerWorker(4)
                    .workersPerNode(1).updatesThreshold(1e-3).rngSeed(12345).collectTrainingStats(false).build();
            ComputationGraph init = ProbeUnet.graph(FastLayers.nativeOps(), SPEC, DataType.FLOAT, new Adam(3e-3), 3);
            SparkComputationGraph spark = new SparkComputationGraph(sc, init, tm);
            double before = meanScore(spark.getNetwork(), batches);
            for (int epoch = 0; epoch < 3; epoch++) {
                spark.fitMultiDataSet(rdd);
            }
            ComputationGraph trained = spark.getNetwork();
            double after = meanScore(trained, batches);
            tm.deleteTempFiles(sc);

            assertTrue(after < before, "training-set score should drop: before " + before + ", after " + after);
            Layer[] layers = trained.getLayers();
            assertTrue(Arrays.stream(layers).anyMatch(l -> l instanceof FastConvolution2DLayer)
                    && Arrays.stream(layers).anyMatch(l -> l instanceof FastBatchNormalizationLayer)
                    && Arrays.stream(layers).anyMatch(l -> l instanceof FastDeconvolution2DLayer),
                    "trained network still runs the native-op layers: " + Arrays.toString(layers));
        }
    }

    private static double meanScore(ComputationGraph net, List<MultiDataSet> batches) {
        return batches.stream().mapToDouble(b -> net.score(b, false)).average().orElseThrow();
    }

    /** A learnable batch: the map target is the mean of the views' first channels, the coefficients their means. */
    private static MultiDataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, SPEC.viewChannels(), SPEC.size(), SPEC.size());
        INDArray b = Nd4j.rand(DataType.FLOAT, n, SPEC.viewChannels(), SPEC.size(), SPEC.size());
        INDArray mean = a.add(b).muli(0.5);
        INDArray map = Nd4j.concat(1, mean, mean.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
        INDArray coeffs = Nd4j.concat(1, a.mean(1, 2, 3).reshape(n, 1), b.mean(1, 2, 3).reshape(n, 1),
                mean.mean(1, 2, 3).reshape(n, 1));
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {a, b}, new INDArray[] {map, coeffs});
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
