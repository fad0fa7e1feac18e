package org.dfmvr.bench.evaljob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.eval.EvalReport;
import org.dfmvr.eval.EvalRunner;
import org.dfmvr.eval.EvalSettings;
import org.dfmvr.eval.PairLoader;
import org.dfmvr.eval.PairRef;
import org.dfmvr.facemodel.FaceModelCache;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.facemodel.SyntheticFaceModel;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.PlyIo;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.spark.SparkSessions;

/**
 * The whole eval job on local files in local Spark: pairs/s including listing, mesh I/O, the protocol and the report
 * (Parquet, summary.json, report.html with 3 error-map renders). Predictions: 187 x 187 = 34,969-vertex synthface
 * instances (a {@code cache:} model written here, so the job reads their 7 landmark ids from the model), moved by
 * a random similarity (scale 0.01, up to 20 deg), written as OBJ; scans: 225 x 225 = 50,625-vertex synthface
 * instances of the same identity coefficients (same seed: the smooth bases agree across grids) with 0.3 mm noise, in
 * mm, as binary PLY + .lm7. Each protocol runs once as warm-up, then once measured.
 * usage: EvalJobBench [pairs, default 16] [work folder, default /tmp/dfmvr-evaljob-bench] [local threads, default 2]
 */
public final class EvalJobBench {
    private EvalJobBench() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/dfmvr-evaljob-bench");
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        MorphableModel predModel = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(1, 187, 80, 64, 80));
        MorphableModel scanModel = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(1, 225, 80, 64, 80));
        Path pred = Files.createDirectories(work.resolve("pred"));
        Path gt = Files.createDirectories(work.resolve("gt"));
        Path cache = work.resolve("pred-model.fmc");
        FaceModelCache.write(predModel, cache);
        write(predModel, scanModel, pairs, pred, gt, "cache:" + cache);

        PairRef one = new PairRef("bench", "bench/s000", pred.resolve("bench__s000.obj").toString(), "cache:" + cache,
                gt.resolve("bench__s000.ply").toString(), null);
        Configuration hadoop = new Configuration();
        PairLoader.prediction(hadoop, one);
        long t0 = System.nanoTime();
        int reads = 5;
        for (int i = 0; i < reads; i++) {
            PairLoader.prediction(hadoop, one);
            PairLoader.scan(hadoop, one);
        }
        double loadMs = (System.nanoTime() - t0) / 1e6 / reads;

        SparkSession spark = SparkSessions.getOrCreate("eval-job-bench", DfmvrConfig.load(null,
                Map.of("dfmvr.spark.master", "\"local[" + threads + "]\"")));
        System.out.printf(Locale.ROOT, "cpu=%s threads=%d pairs=%d prediction_vertices=%d scan_vertices=%d "
                        + "load_one_pair_ms=%.1f%n", cpuModel(), threads, pairs, predModel.vertexCount(),
                scanModel.vertexCount(), loadMs);
        System.out.println("| protocol | pairs | local threads | job wall s | pairs/s | included | flagged | quarantined "
                + "| mean headline mm | report.html bytes |");
        for (String protocol : new String[] {"pointplane", "now"}) {
            EvalSettings settings = EvalSettings.from(DfmvrConfig.load(null, Map.of(
                    "dfmvr.eval.pred", "\"" + pred + "\"", "dfmvr.eval.gt", "\"" + gt + "\"",
                    "dfmvr.eval.out", "\"" + work.resolve("report-" + protocol) + "\"",
                    "dfmvr.eval.protocol", protocol)));
            EvalRunner.run(spark, settings, Duration.ofSeconds(30));
            long start = System.nanoTime();
            EvalReport report = EvalRunner.run(spark, settings, Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            EvalReport.SetReport set = report.sets().get(0);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %d | %d | %d | %.4f | %d |%n", protocol,
                    pairs, threads, seconds, pairs / seconds, set.summary().includedCount(),
                    set.summary().sampleCount() - set.summary().includedCount(), set.quarantined().size(),
                    set.summary().perSample().mean(),
                    Files.size(work.resolve("report-" + protocol).resolve("report.html")));
        }
        spark.stop();
    }

    private static void write(MorphableModel predModel, MorphableModel scanModel, int pairs, Path pred, Path gt,
                              String spec) throws IOException {
        Random random = new Random(42);
        StringBuilder index = new StringBuilder("{\"format\": \"dfmvr-predictions\", \"version\": 1, \"samples\": [");
        for (int i = 0; i < pairs; i++) {
            String stem = String.format(Locale.ROOT, "bench__s%03d", i);
            float[] id = new float[predModel.idRank()];
            for (int k = 0; k < id.length; k++) {
                id[k] = (float) random.nextGaussian();
            }
            float[] scan = scanModel.shape(id, new float[scanModel.expRank()]);
            float[] landmarks = scanModel.alignmentPoints(scan);
            for (int k = 0; k < scan.length; k++) {
                scan[k] += (float) (0.3 * random.nextGaussian());
            }
            PlyIo.write(new TriangleMesh(scan, scanModel.triangles(), null), gt.resolve(stem + ".ply"),
                    PlyIo.Format.BINARY_LITTLE_ENDIAN);
            StringBuilder lm7 = new StringBuilder();
            for (int k = 0; k < 7; k++) {
                lm7.append(landmarks[3 * k]).append(' ').append(landmarks[3 * k + 1]).append(' ')
                        .append(landmarks[3 * k + 2]).append('\n');
            }
            Files.writeString(gt.resolve(stem + ".lm7"), lm7.toString(), StandardCharsets.UTF_8);
            TriangleMesh prediction = new TriangleMesh(predModel.shape(id, new float[predModel.expRank()]),
                    predModel.triangles(), null);
            ObjIo.write(randomSimilarity(random).apply(prediction), pred.resolve(stem + ".obj"));
            index.append(i == 0 ? "" : ",").append("\n{\"sample_id\": \"bench/s").append(String.format(Locale.ROOT,
                    "%03d", i)).append("\", \"model\": \"").append(spec).append("\"}");
        }
        Files.writeString(pred.resolve("predictions.json"), index.append("]}\n").toString(), StandardCharsets.UTF_8);
    }

    private static SimilarityTransform randomSimilarity(Random random) {
        double[] axis = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
        double len = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double angle = Math.toRadians(20) * random.nextDouble();
        return new SimilarityTransform(0.01, SimilarityTransform.rotationFromAxisAngle(
                new double[] {axis[0] / len * angle, axis[1] / len * angle, axis[2] / len * angle}),
                new double[] {0.3, -0.2, 0.5});
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    }
}
