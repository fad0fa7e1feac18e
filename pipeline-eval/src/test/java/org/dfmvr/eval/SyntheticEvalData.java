package org.dfmvr.eval;

import java.io.IOException;
import org.dfmvr.testing.LocalSpark;
import java.util.Map;
import java.time.Duration;
import org.dfmvr.config.DfmvrConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.TriangleMesh;

/**
 * Synthetic eval inputs with known answers, written to a local folder:
 * <ul>
 *   <li>{@code gt/}: {@value #SAMPLES} + 1 instances of the "synthface" model (mm) as {@code <stem>.obj} with their
 *       {@code .lm7} (the model's 7 alignment vertices);</li>
 *   <li>{@code exact/}: each of the first {@value #SAMPLES} ground-truth shapes moved by a random similarity (scale
 *       0.01, i.e. "decimetres", up to 20 deg, a translation): after registration the error must be ~0;</li>
 *   <li>{@code perturbed/}: the same with identity coefficients perturbed by N(0, (0.15 (i+1))^2) and 0.2 mm vertex
 *       noise, so errors grow with i; plus the extra sample whose OBJ is corrupt (must be quarantined, stage read).
 *       In {@code exact/} that extra sample has no prediction (quarantined, stage pair).</li>
 * </ul>
 */
final class SyntheticEvalData {

    /** Runs eval (local Spark, default protocol) of {@code pred} against {@code gt}, the report written to {@code out}. */
    static EvalReport evaluate(String pred, String gt, Path out) throws IOException {
        return EvalRunner.run(LocalSpark.session(), EvalSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.eval.pred", "\"" + pred + "\"", "dfmvr.eval.gt", "\"" + gt + "\"",
                "dfmvr.eval.out", "\"" + out + "\""))), Duration.ofSeconds(5));
    }
    static final int SAMPLES = 5;
    static final String CORRUPT_ID = "synthetic/s099/e01";
    static final String MODEL_SPEC = "synthface";

    final Path root;
    final Path gt;
    final Path exact;
    final Path perturbed;

    SyntheticEvalData(Path root) throws IOException {
        this.root = root;
        gt = Files.createDirectories(root.resolve("gt"));
        exact = Files.createDirectories(root.resolve("exact"));
        perturbed = Files.createDirectories(root.resolve("perturbed"));
        MorphableModel model = FaceModels.load(MODEL_SPEC);
        Random random = new Random(7);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SAMPLES + 1; i++) {
            String id = i == SAMPLES ? CORRUPT_ID : String.format(Locale.ROOT, "synthetic/s%03d/e01", i);
            ids.add(id);
            float[] idCoeffs = gaussian(random, model.idRank(), 1.0);
            TriangleMesh truth = instance(model, idCoeffs);
            String stem = PredictionIndex.stem(id);
            ObjIo.write(truth, gt.resolve(stem + ".obj"));
            writeLm7(gt.resolve(stem + ".lm7"), model.alignmentPoints(truth.positions()));
            if (i == SAMPLES) {
                Files.writeString(perturbed.resolve(stem + ".obj"), "v 1 2\nf 1 2 x\n", StandardCharsets.UTF_8);
                continue;
            }
            ObjIo.write(randomSimilarity(random).apply(truth), exact.resolve(stem + ".obj"));
            float[] perturbedCoeffs = idCoeffs.clone();
            for (int k = 0; k < perturbedCoeffs.length; k++) {
                perturbedCoeffs[k] += (float) (0.15 * (i + 1) * random.nextGaussian());
            }
            TriangleMesh guess = instance(model, perturbedCoeffs);
            float[] noisy = guess.positions();
            for (int k = 0; k < noisy.length; k++) {
                noisy[k] += (float) (0.2 * random.nextGaussian());
            }
            ObjIo.write(randomSimilarity(random).apply(new TriangleMesh(noisy, guess.triangles(), null)),
                    perturbed.resolve(stem + ".obj"));
        }
        writeIndex(exact, ids.subList(0, SAMPLES));
        writeIndex(perturbed, ids);
    }

    private static TriangleMesh instance(MorphableModel model, float[] idCoeffs) {
        return new TriangleMesh(model.shape(idCoeffs, new float[model.expRank()]), model.triangles(), null);
    }

    private static SimilarityTransform randomSimilarity(Random random) {
        double[] axis = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
        double len = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double angle = Math.toRadians(20) * random.nextDouble();
        double[] r = SimilarityTransform.rotationFromAxisAngle(
                new double[] {axis[0] / len * angle, axis[1] / len * angle, axis[2] / len * angle});
        return new SimilarityTransform(0.01, r, new double[] {0.3, -0.2, 0.5});
    }

    private static float[] gaussian(Random random, int n, double sigma) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sigma * random.nextGaussian());
        }
        return out;
    }

    private static void writeLm7(Path file, float[] points) throws IOException {
        StringBuilder s = new StringBuilder("# 7 alignment points, mm\n");
        for (int k = 0; k < 7; k++) {
            s.append(points[3 * k]).append(' ').append(points[3 * k + 1]).append(' ').append(points[3 * k + 2])
                    .append('\n');
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }

    static void writeIndex(Path folder, List<String> ids) throws IOException {
        StringBuilder s = new StringBuilder("{\"format\": \"dfmvr-predictions\", \"version\": 1, \"samples\": [\n");
        for (int i = 0; i < ids.size(); i++) {
            s.append(i == 0 ? "" : ",\n").append("{\"sample_id\": \"").append(ids.get(i)).append("\", \"model\": \"")
                    .append(MODEL_SPEC).append("\"}");
        }
        Files.writeString(folder.resolve(PredictionIndex.FILE), s.append("]}\n").toString(), StandardCharsets.UTF_8);
    }
}
