package org.dfmvr.landmarks;

import org.dfmvr.landmarks.Landmarks68.PointStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the fit and the loss may trust of detected points, on the network's outputs for the rendered test crops
 * (face-api's reference outputs, which the port reproduces) and on broken variants of them.
 */
class LandmarkPlausibilityTest {
    private static final LandmarkPlausibility RULE = LandmarkPlausibility.defaults();

    private static Landmarks68 check(ReferenceCrops.Crop crop, float[] points) {
        return RULE.check(points, crop.width(), crop.height());
    }

    private static ReferenceCrops.Crop frontal() {
        return ReferenceCrops.all().stream().filter(c -> c.yawDegrees() == 0).findFirst().orElseThrow();
    }

    @Test
    void frontalFacesKeepAllSixtyEightPoints() {
        List<ReferenceCrops.Crop> frontal = ReferenceCrops.all().stream().filter(c -> c.yawDegrees() == 0).toList();
        assertThat(frontal).hasSizeGreaterThanOrEqualTo(8);
        for (ReferenceCrops.Crop crop : frontal) {
            Landmarks68 lm = check(crop, crop.reference());
            assertThat(lm.plausible()).as(crop.name() + " " + lm).isTrue();
            assertThat(lm.trustedCount()).as(crop.name() + " " + lm).isEqualTo(68);
            assertThat(Math.abs(lm.yawAsymmetry())).as(crop.name()).isLessThan(0.2);
        }
    }

    @Test
    void theFarJawOfTurnedFacesIsSetAsideAndItIsWhereTheDetectionIsWorst() {
        double trustedError = 0;
        int trusted = 0;
        double setAsideError = 0;
        int setAside = 0;
        int turned = 0;
        int turnedWithFarSideSetAside = 0;
        for (ReferenceCrops.Crop crop : ReferenceCrops.all()) {
            Landmarks68 lm = check(crop, crop.reference());
            assertThat(lm.plausible()).as(crop.name() + " " + lm).isTrue();
            boolean farSide = false;
            for (int k = 0; k < 68; k++) {
                double error = Math.hypot(crop.reference()[2 * k] - crop.rendered()[2 * k],
                        crop.reference()[2 * k + 1] - crop.rendered()[2 * k + 1]) * crop.netScale();
                if (lm.trusted(k)) {
                    trustedError += error;
                    trusted++;
                } else if (lm.status()[k] == PointStatus.FAR_SIDE_CONTOUR) {
                    setAsideError += error;
                    setAside++;
                    farSide = true;
                }
            }
            if (Math.abs(crop.yawDegrees()) >= 45) {
                turned++;
                turnedWithFarSideSetAside += farSide ? 1 : 0;
            }
        }
        trustedError /= trusted;
        setAsideError /= setAside;
        System.out.printf("far-side contour: %d points set aside, mean error vs rendered landmarks %.1f px at 112 px; "
                + "%d trusted points %.1f px; far jaw set aside on %d of %d crops turned >= 45 degrees%n",
                setAside, setAsideError, trusted, trustedError, turnedWithFarSideSetAside, turned);
        assertThat(setAsideError).isGreaterThan(1.5 * trustedError);
        // one of the six (45 degrees right, s4) is a network failure whose points look frontal: see the README
        assertThat(turnedWithFarSideSetAside).isGreaterThanOrEqualTo(turned - 1);
    }

    @Test
    void theYawAsymmetryFollowsTheDirectionOfTheTurn() {
        for (ReferenceCrops.Crop crop : ReferenceCrops.all()) {
            Landmarks68 lm = check(crop, crop.reference());
            if (Math.abs(crop.yawDegrees()) >= 25 && Math.abs(lm.yawAsymmetry()) >= 0.3) {
                assertThat(Math.signum(lm.yawAsymmetry())).as(crop.name())
                        .isEqualTo(-Math.signum(crop.yawDegrees()));
            }
        }
    }

    @Test
    void pointsOutsideTheCropAreNotTrusted() {
        ReferenceCrops.Crop crop = frontal();
        float[] shifted = crop.reference();
        shifted = shifted.clone();
        for (int k = 0; k < 68; k++) {
            shifted[2 * k] += crop.width() * 0.4f;
        }
        Landmarks68 lm = check(crop, shifted);
        assertThat(lm.plausible()).isTrue();
        for (int k = 0; k < 68; k++) {
            boolean inside = shifted[2 * k] <= crop.width();
            assertThat(lm.trusted(k)).as("point " + k).isEqualTo(inside);
            if (!inside) {
                assertThat(lm.status()[k]).isEqualTo(PointStatus.OUTSIDE_CROP);
            }
        }
        assertThat(lm.trustedCount()).isBetween(1, 67);
        assertThat(lm.reason()).contains("outside_crop");
    }

    @Test
    void brokenShapesAreRejectedAsAWholeWithAReason() {
        ReferenceCrops.Crop crop = frontal();
        float[] good = crop.reference();
        int w = crop.width();
        int h = crop.height();

        float[] shuffled = good.clone();
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 67; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            for (int c = 0; c < 2; c++) {
                float t = shuffled[2 * k + c];
                shuffled[2 * k + c] = shuffled[2 * j + c];
                shuffled[2 * j + c] = t;
            }
        }
        float[] mirrored = good.clone();
        float[] upsideDown = good.clone();
        float[] collapsed = new float[136];
        float[] tiny = good.clone();
        float[] notFinite = good.clone();
        for (int k = 0; k < 68; k++) {
            mirrored[2 * k] = w - good[2 * k];
            upsideDown[2 * k + 1] = h - good[2 * k + 1];
            collapsed[2 * k] = w / 2f;
            collapsed[2 * k + 1] = h / 2f;
            tiny[2 * k] = w / 2f + (good[2 * k] - w / 2f) * 0.05f;
            tiny[2 * k + 1] = h / 2f + (good[2 * k + 1] - h / 2f) * 0.05f;
        }
        notFinite[77] = Float.NaN;
        float[] rotated = rotate(good, w / 2f, h / 2f, Math.toRadians(90));
        float[] random = new float[136];
        for (int i = 0; i < random.length; i++) {
            random[i] = (float) rng.nextDouble(0, w);
        }

        for (float[] broken : List.of(shuffled, mirrored, upsideDown, collapsed, tiny, notFinite, rotated, random)) {
            Landmarks68 lm = RULE.check(broken, w, h);
            assertThat(lm.plausible()).as(lm.toString()).isFalse();
            assertThat(lm.trustedCount()).isZero();
            assertThat(lm.weights()).containsOnly(0f);
            assertThat(lm.reason()).isNotBlank();
        }
        assertThat(RULE.check(mirrored, w, h).reason()).contains("mirrored");
        assertThat(RULE.check(tiny, w, h).reason()).contains("eyes-to-mouth");
        assertThat(RULE.check(rotated, w, h).reason()).contains("roll");
    }

    @Test
    void innerPointsThatFitNoFaceAreRejectedEvenWhenThePartsAreInOrder() {
        ReferenceCrops.Crop crop = frontal();
        float[] scrambled = crop.reference().clone();
        float[] good = crop.reference();
        double faceLength = Math.hypot(good[2 * 57] - good[2 * 27], good[2 * 57 + 1] - good[2 * 27 + 1]);
        SplittableRandom rng = new SplittableRandom(11);
        // zero-mean noise within each part and none on the nose tip: part centres, order and handedness unchanged
        int[][] parts = {{17, 27}, {27, 30}, {31, 36}, {36, 42}, {42, 48}, {48, 68}};
        for (int[] part : parts) {
            float[] noise = new float[2 * (part[1] - part[0])];
            float mx = 0;
            float my = 0;
            for (int i = 0; i < noise.length / 2; i++) {
                noise[2 * i] = (float) (rng.nextDouble(-1, 1) * 0.6 * faceLength);
                noise[2 * i + 1] = (float) (rng.nextDouble(-1, 1) * 0.6 * faceLength);
                mx += noise[2 * i] / (noise.length / 2f);
                my += noise[2 * i + 1] / (noise.length / 2f);
            }
            for (int i = 0; i < noise.length / 2; i++) {
                scrambled[2 * (part[0] + i)] += noise[2 * i] - mx;
                scrambled[2 * (part[0] + i) + 1] += noise[2 * i + 1] - my;
            }
        }
        Landmarks68 lm = check(crop, scrambled);
        assertThat(lm.plausible()).as(lm.toString()).isFalse();
        assertThat(lm.reason()).contains("affine residual");
        assertThat(lm.shapeResidual()).isGreaterThan(check(crop, good).shapeResidual() * 4);
    }

    @Test
    void aModerateRollIsStillAFace() {
        ReferenceCrops.Crop crop = frontal();
        Landmarks68 lm = RULE.check(rotate(crop.reference(), crop.width() / 2f, crop.height() / 2f,
                Math.toRadians(25)), crop.width(), crop.height());
        assertThat(lm.plausible()).as(lm.toString()).isTrue();
    }

    @Test
    void settingsOutsideTheirRangeAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new LandmarkPlausibility(-1, 0.5, 0.5, 60, 0.08, 1))
                .hasMessageContaining("outsideMarginPx");
        assertThatThrownBy(() -> new LandmarkPlausibility(0, 0, 0.5, 60, 0.08, 1))
                .hasMessageContaining("farSideAsymmetry");
        assertThatThrownBy(() -> new LandmarkPlausibility(0, 0.5, 0.5, 60, 0.5, 0.2))
                .hasMessageContaining("minFaceFraction");
    }

    private static float[] rotate(float[] points, float cx, float cy, double angle) {
        float[] out = new float[points.length];
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        for (int k = 0; k < points.length / 2; k++) {
            double x = points[2 * k] - cx;
            double y = points[2 * k + 1] - cy;
            out[2 * k] = (float) (cx + c * x - s * y);
            out[2 * k + 1] = (float) (cy + s * x + c * y);
        }
        return out;
    }
}
