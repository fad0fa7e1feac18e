package org.dfmvr.bench.infer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.camera.RigidPose;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.fitting.LandmarkFitSettings;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.infer.InferSettings;
import org.dfmvr.infer.QualitySettings;
import org.dfmvr.infer.Reconstructor;
import org.dfmvr.infer.TextureSettings;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.nn.ViewTensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Harness: inference throughput of one preset on this machine, without Spark — (a) the network alone
 * ({@link ViewTensors} + {@code graph.output}), (b) the whole {@link Reconstructor} (network, expression and
 * neutral mesh, 3 renders for the photometric residual, landmark error) and (c) the same with the landmark fit at
 * its reference settings (conf/reference/infer.conf). The graph is UNTRAINED (random weights): network speed does not
 * depend on the weights, and the fit starts from its arbitrary poses, a harder start than a trained network's.
 * Inputs are 3-view samples of noise images whose 68 landmarks are a random synthface identity seen at yaw -45, 0,
 * 45 degrees plus 1 px of noise. One warm-up batch, then two rounds of {@code batches} timed batches each way
 * (rounds show the noise of a shared machine).
 * usage: InferThroughput <preset tiny|small|paper> <batch size> <batches>
 */
public final class InferThroughput {

    private InferThroughput() {
    }

    public static void main(String[] args) throws Exception {
        NetworkSpec spec = NetworkSpec.preset(args[0]);
        int batchSize = Integer.parseInt(args[1]);
        int batches = Integer.parseInt(args[2]);
        MorphableModel model = FaceModels.load("synthface");
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path dir = new Path(Files.createTempDirectory("dfmvr-bench-infer").resolve("bundle").toString());
        ModelBundle.write(fs, dir, new DfmvrNetworkBuilder(spec).build(), spec, "synthface",
                CoeffLayout.forModel(model, spec.views()), Instant.now());
        ModelBundle.Loaded bundle = ModelBundle.read(fs, dir);
        List<MultiViewSample> batch = samples(model, batchSize, spec.imageSize());
        System.out.printf("preset %s (%d px, %,d parameters), batch %d, %d batches, backend %s, load average %.1f%n",
                spec.name(), spec.imageSize(), bundle.graph().numParams(), batchSize, batches,
                Nd4j.getBackend().getClass().getSimpleName(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Reconstructor reconstructor = new Reconstructor(bundle.graph(), bundle.manifest(), model,
                new QualitySettings(6, 0.2), TextureSettings.OFF, LandmarkFitSettings.OFF);
             Reconstructor fitting = new Reconstructor(bundle.graph(), bundle.manifest(), model,
                     new QualitySettings(6, 0.2), TextureSettings.OFF, InferSettings.from(
                             DfmvrConfig.load(null, Map.of("dfmvr.infer.model", dir.toString()))).landmarkFit())) {
            reconstructor.reconstruct(batch); // warm-up (JIT, ND4J workspaces), not timed
            fitting.reconstruct(batch);
            for (int round = 1; round <= 2; round++) {
                long t0 = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    networkOnce(bundle, batch, spec.imageSize());
                }
                double network = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    reconstructor.reconstruct(batch);
                }
                double whole = (System.nanoTime() - t1) / 1e9;
                long t2 = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    fitting.reconstruct(batch);
                }
                double fitted = (System.nanoTime() - t2) / 1e9;
                int n = batches * batchSize;
                System.out.printf("round %d: network only %.3f s for %d samples = %.2f samples/s (%.1f ms/sample); "
                                + "reconstructor (network + meshes + quality) %.3f s = %.2f samples/s (%.1f ms/sample);"
                                + " with the landmark fit %.3f s = %.2f samples/s (%.1f ms/sample, %.2fx the"
                                + " reconstructor); load average %.1f%n", round, network, n, n / network,
                        1000 * network / n, whole, n / whole, 1000 * whole / n, fitted, n / fitted,
                        1000 * fitted / n, fitted / whole,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }

    private static void networkOnce(ModelBundle.Loaded bundle, List<MultiViewSample> batch, int size) {
        INDArray[] in = ViewTensors.features(batch, size);
        bundle.graph().output(false, in)[0].close();
        for (INDArray a : in) {
            a.close();
        }
    }

    private static List<MultiViewSample> samples(MorphableModel model, int n, int size) throws Exception {
        SplittableRandom rng = new SplittableRandom(1);
        PerspectiveCamera camera = PerspectiveCamera.deep3dFace(size, model.unit());
        List<MultiViewSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<ViewRecord> views = new ArrayList<>();
            float[] id = new float[model.idRank()];
            for (int k = 0; k < id.length; k++) {
                id[k] = (float) (rng.nextDouble() * 2 - 1) * 1.7f; // uniform with unit variance
            }
            float[] face = model.landmarks68(model.shape(id, new float[model.expRank()]));
            for (String v : ViewRecord.NAMES) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        img.setRGB(x, y, rng.nextInt(1 << 24));
                    }
                }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(img, "png", png);
                float yaw = (float) Math.toRadians(45 * (ViewRecord.NAMES.indexOf(v) - 1));
                float[] lm = camera.project(RigidPose.of(new float[] {0, yaw, 0}, new float[3]).apply(face));
                for (int k = 0; k < lm.length; k++) {
                    lm[k] += (float) (rng.nextDouble() * 2 - 1) * 1.7f; // 1 px standard deviation
                }
                views.add(new ViewRecord(v, png.toByteArray(), size, null, null, lm, null,
                        new double[] {1, size / 2.0, size / 2.0}, v + ".png"));
            }
            out.add(new MultiViewSample("bench/" + i, "bench", "e" + i, "bench", "test", views, null, null,
                    List.of(), List.of(), List.of()));
        }
        return out;
    }
}
