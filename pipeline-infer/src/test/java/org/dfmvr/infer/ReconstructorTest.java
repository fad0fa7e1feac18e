package org.dfmvr.infer;

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
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Mechanics of {@link Reconstructor} with an UNTRAINED tiny graph (random weights): shapes, units, topology, absent
 * views, quality measures. Nothing here says anything about reconstruction accuracy.
 */
class ReconstructorTest {
    static final QualitySettings LENIENT = new QualitySettings(1e9, 1.0);
    static MorphableModel model;
    static ModelBundle.Loaded untrained;
    static Reconstructor reconstructor;

    @BeforeAll
    static void untrainedTinyBundle(@TempDir java.nio.file.Path dir) throws IOException {
        model = FaceModels.load("synthface");
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path bundle = new Path(dir.resolve("bundle").toString());
        ModelBundle.write(fs, bundle, new DfmvrNetworkBuilder(NetworkSpec.tiny()).build(), NetworkSpec.tiny(),
                "synthface", CoeffLayout.forModel(model, 3), Instant.EPOCH);
        untrained = ModelBundle.read(fs, bundle);
        reconstructor = new Reconstructor(untrained.graph(), untrained.manifest(), model, LENIENT, TextureSettings.OFF,
                LandmarkFitSettings.OFF);
    }

    @AfterAll
    static void close() {
        reconstructor.close();
    }

    static byte[] photo(int seed) throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, ((x * 4 + seed) & 0xff) << 16 | ((y * 4) & 0xff) << 8 | (seed * 40 & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static ViewRecord view(String name, int seed, float[] lm68) throws IOException {
        return new ViewRecord(name, photo(seed), 64, null, null, lm68, null, new double[] {1, 32, 32}, name + ".png");
    }

    static MultiViewSample sample(String id, List<ViewRecord> views) {
        return new MultiViewSample(id, "s", "e", "test", "test", views, null, null, List.of(), List.of(), List.of());
    }

    static MultiViewSample threeViews(String id, int seed) throws IOException {
        return sample(id, List.of(view("left", seed, null), view("front", seed + 1, null),
                view("right", seed + 2, null)));
    }

    @Test
    void givenAnUntrainedTinyBundle_whenReconstructed_thenBothMeshesHaveTheModelTopologyAndColoursInZeroOne()
            throws IOException {
        Reconstruction r = reconstructor.reconstruct(List.of(threeViews("a", 1))).get(0);
        assertEquals(model.vertexCount(), r.mesh().vertexCount());
        assertEquals(model.triangleCount(), r.neutral().triangleCount());
        assertArrayEquals(model.triangles(), r.mesh().triangles());
        for (float c : r.mesh().colors()) {
            assertThat(c).isBetween(0f, 1f);
        }
        assertEquals(CoeffLayout.forModel(model, 3).size(), r.coefficients().length);
    }

    @Test
    void givenTextureBakingOn_whenReconstructed_thenTheSameMeshComesWithATextureOfTheConfiguredSizeForTheModelsUvs()
            throws IOException {
        MultiViewSample sample = threeViews("a", 1);
        Reconstruction plain = reconstructor.reconstruct(List.of(sample)).get(0);
        Reconstruction textured;
        try (Reconstructor baking = new Reconstructor(untrained.graph(), untrained.manifest(), model, LENIENT,
                new TextureSettings(true, 64, 2, 8), LandmarkFitSettings.OFF)) {
            textured = baking.reconstruct(List.of(sample)).get(0);
        }
        assertThat(plain.texture()).isNull();
        assertArrayEquals(plain.coefficients(), textured.coefficients());
        assertEquals(64, textured.texture().image().width());
        assertArrayEquals(model.uvs(), textured.texture().uvs());
        // the front of the grid is seen by some view, its far sides (yaw up to 77 degrees) not always
        assertThat(textured.texture().viewTexels()).isPositive();
        for (float c : textured.texture().image().data()) {
            assertThat(c).isBetween(0f, 1f);
        }
    }

    @Test
    void givenTheCoefficients_whenTheNeutralMeshIsCompared_thenItIsTheIdentityShapeWithExpressionZeroInMillimetres()
            throws IOException {
        Reconstruction r = reconstructor.reconstruct(List.of(threeViews("a", 1))).get(0);
        CoeffLayout layout = CoeffLayout.forModel(model, 3);
        float mm = (float) model.unit().millimetresPerUnit();
        float[] neutral = model.shape(layout.id(r.coefficients()), new float[layout.expSize()]);
        float[] expression = model.shape(layout.id(r.coefficients()), layout.exp(r.coefficients()));
        for (int k = 0; k < neutral.length; k += 97) {
            assertEquals(neutral[k] * mm, r.neutral().positions()[k], 1e-4f);
            assertEquals(expression[k] * mm, r.mesh().positions()[k], 1e-4f);
        }
    }

    @Test
    void givenOnlyAFrontView_whenReconstructed_thenLeftAndRightAreLabelledAbsentWithoutPose() throws IOException {
        Reconstruction r = reconstructor.reconstruct(List.of(sample("f", List.of(view("front", 3, null))))).get(0);
        assertThat(r.viewsPresent()).containsExactly("front");
        Reconstruction.ViewResult left = r.views().get(0);
        assertThat(left.present()).isFalse();
        assertThat(left.rotation()).isNull();
        assertThat(r.views().get(1).rotation()).hasSize(3);
    }

    @Test
    void givenTwoViews_whenReconstructed_thenExactlyThoseTwoArePresent() throws IOException {
        Reconstruction r = reconstructor.reconstruct(List.of(sample("lr", List.of(view("left", 3, null),
                view("right", 4, null))))).get(0);
        assertThat(r.viewsPresent()).containsExactly("left", "right");
    }

    @Test
    void givenASampleInABatchOfTwo_whenReconstructedAlone_thenTheCoefficientsAreTheSame() throws IOException {
        List<Reconstruction> both = reconstructor.reconstruct(List.of(threeViews("a", 1), threeViews("b", 9)));
        Reconstruction alone = reconstructor.reconstruct(List.of(threeViews("b", 9))).get(0);
        assertArrayEquals(alone.coefficients(), both.get(1).coefficients(), 1e-5f);
    }

    @Test
    void givenStoredLandmarksThreePixelsRightOfTheProjection_whenReconstructed_thenTheErrorIsThreePixels()
            throws IOException {
        // landmarks are not a network input: same image -> same coefficients and pose
        Reconstruction r = reconstructor.reconstruct(List.of(sample("lm", List.of(view("front", 5,
                shiftedLandmarks(3f)))))).get(0);
        assertEquals(3.0, r.views().get(1).landmarkErrorPx(), 1e-3);
        assertThat(r.views().get(0).landmarkErrorPx()).isNaN();
        assertThat(r.landmarkFit()).isNull();
    }

    @Test
    void givenTheLandmarkFitOn_whenReconstructed_thenTheShiftedLandmarksAreFitAndOnlyShapeAndThatPoseChange()
            throws IOException {
        MultiViewSample shifted = sample("lm", List.of(view("front", 5, shiftedLandmarks(3f))));
        Reconstruction network = reconstructor.reconstruct(List.of(shifted)).get(0);
        Reconstruction fitted;
        try (Reconstructor fitting = new Reconstructor(untrained.graph(), untrained.manifest(), model, LENIENT,
                TextureSettings.OFF, new LandmarkFitSettings(true, 50, 0.1, 1, 1))) {
            fitted = fitting.reconstruct(List.of(shifted)).get(0);
        }
        assertThat(fitted.landmarkFit().initialRmsPx()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(fitted.views().get(1).landmarkErrorPx()).isLessThan(0.3);
        CoeffLayout layout = CoeffLayout.forModel(model, 3);
        assertArrayEquals(layout.tex(network.coefficients()), layout.tex(fitted.coefficients()));
        assertArrayEquals(layout.gamma(network.coefficients()), layout.gamma(fitted.coefficients()));
        assertArrayEquals(layout.rotation(network.coefficients(), 0), layout.rotation(fitted.coefficients(), 0));
        assertThat(layout.translation(fitted.coefficients(), 1)[0])
                .isNotEqualTo(layout.translation(network.coefficients(), 1)[0]);
    }

    @Test
    void givenDetectedLandmarks_whenReconstructed_thenTheFitUsesThemOnlyWhenTheSettingsAllowDetectedLandmarks()
            throws IOException {
        ViewRecord stored = view("front", 5, shiftedLandmarks(3f));
        MultiViewSample detected = sample("lm", List.of(new ViewRecord(stored.view(), stored.imagePng(),
                stored.size(), null, null, stored.landmarks68(), null, stored.alignment(), stored.sourcePath(), null,
                ViewRecord.LANDMARKS_DETECTED)));
        LandmarkFitSettings fit = new LandmarkFitSettings(true, 50, 0.1, 1, 1);
        try (Reconstructor storedOnly = new Reconstructor(untrained.graph(), untrained.manifest(), model, LENIENT,
                TextureSettings.OFF, fit.withUseDetected(false));
             Reconstructor withDetected = new Reconstructor(untrained.graph(), untrained.manifest(), model, LENIENT,
                     TextureSettings.OFF, fit.withUseDetected(true))) {
            assertThat(storedOnly.reconstruct(List.of(detected)).get(0).landmarkFit()).isNull();
            assertThat(storedOnly.reconstruct(List.of(sample("lm", List.of(stored)))).get(0).landmarkFit())
                    .isNotNull();
            assertThat(withDetected.reconstruct(List.of(detected)).get(0).landmarkFit()).isNotNull();
        }
    }

    @Test
    void givenTheLandmarkFitOnButNoStoredLandmarks_whenReconstructed_thenTheNetworkOutputIsKept() throws IOException {
        Reconstruction fitted;
        try (Reconstructor fitting = new Reconstructor(untrained.graph(), untrained.manifest(), model, LENIENT,
                TextureSettings.OFF, new LandmarkFitSettings(true, 50, 1, 1, 1))) {
            fitted = fitting.reconstruct(List.of(threeViews("a", 1))).get(0);
        }
        assertThat(fitted.landmarkFit()).isNull();
        assertArrayEquals(reconstructor.reconstruct(List.of(threeViews("a", 1))).get(0).coefficients(),
                fitted.coefficients());
    }

    /** The front view's 68 landmarks as the network's output projects them for image seed 5, moved right by dx. */
    private static float[] shiftedLandmarks(float dx) throws IOException {
        Reconstruction first = reconstructor.reconstruct(List.of(sample("lm", List.of(view("front", 5, null)))))
                .get(0);
        CoeffLayout layout = CoeffLayout.forModel(model, 3);
        float[] shape = model.shape(layout.id(first.coefficients()), layout.exp(first.coefficients()));
        float[] uv = PerspectiveCamera.deep3dFace(64, model.unit()).project(
                RigidPose.of(layout.rotation(first.coefficients(), 1), layout.translation(first.coefficients(), 1))
                        .apply(shape));
        float[] lm = new float[136];
        int[] ids = model.landmarkIds68();
        for (int k = 0; k < 68; k++) {
            lm[2 * k] = uv[2 * ids[k]] + dx;
            lm[2 * k + 1] = uv[2 * ids[k] + 1];
        }
        return lm;
    }

    @Test
    void givenStrictThresholds_whenReconstructed_thenFlaggedLowQualityWithTheFailingViewsNamed() throws IOException {
        try (Reconstructor strict = new Reconstructor(untrained.graph(), untrained.manifest(), model,
                new QualitySettings(1e9, 1e-9), TextureSettings.OFF, LandmarkFitSettings.OFF)) {
            Reconstruction r = strict.reconstruct(List.of(sample("q", List.of(view("front", 5, null))))).get(0);
            assertThat(r.lowQuality()).isTrue();
            assertThat(r.qualityReasons()).singleElement().asString().startsWith("front: ");
        }
        Reconstruction lenient = reconstructor.reconstruct(List.of(sample("q", List.of(view("front", 5, null)))))
                .get(0);
        assertThat(lenient.views().get(1).photometricResidual()).isBetween(0.0, 1.0);
        assertThat(lenient.lowQuality()).isFalse();
    }

    @Test
    void givenAFaceModelOfOtherRanks_whenConstructed_thenRejectedNamingBothLayouts() {
        MorphableModel other = model.toBuilder().identityBasis(new float[model.vertexCount() * 3 * 10], 10).build();
        assertThatThrownBy(() -> new Reconstructor(untrained.graph(), untrained.manifest(), other, LENIENT, TextureSettings.OFF,
                LandmarkFitSettings.OFF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idSize=10")
                .hasMessageContaining("idSize=80");
    }

}
