package org.dfmvr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.dfmvr.geometry.ClosestPointOnTriangle.Region;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClosestPointOnTriangleTest {
    /** a = (0,0,0), b = (4,0,0), c = (0,3,0): a 3-4-5 right triangle in the z = 0 plane. */
    private static final double[] TRIANGLE = {0, 0, 0, 4, 0, 0, 0, 3, 0};

    static Stream<Arguments> onePointPerRegion() {
        return Stream.of(
                Arguments.of(Region.VERTEX_A, new double[] {-1, -1, 2}, new double[] {0, 0, 0}),
                Arguments.of(Region.VERTEX_B, new double[] {5, -1, 1}, new double[] {4, 0, 0}),
                Arguments.of(Region.VERTEX_C, new double[] {-1, 4, -1}, new double[] {0, 3, 0}),
                Arguments.of(Region.EDGE_AB, new double[] {2, -1, 1}, new double[] {2, 0, 0}),
                Arguments.of(Region.EDGE_AC, new double[] {-1, 1, 0.5}, new double[] {0, 1, 0}),
                // (3,3) projected on the hypotenuse from (4,0) along (-0.8,0.6) by 2.6: (1.92, 1.56)
                Arguments.of(Region.EDGE_BC, new double[] {3, 3, 0}, new double[] {1.92, 1.56, 0}),
                Arguments.of(Region.FACE, new double[] {1, 1, 2}, new double[] {1, 1, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onePointPerRegion")
    void givenAPointInARegion_whenClosestPoint_thenThatRegionAndItsAnalyticPoint(Region region, double[] query,
                                                                               double[] expected) {
        // also under an arbitrary similarity: regions and closest points move with the triangle
        SimilarityTransform pose = new SimilarityTransform(2.5, SyntheticSurfaces.randomRotation(new Random(3), 3),
                new double[] {7, -3, 11});
        for (SimilarityTransform t : new SimilarityTransform[] {SimilarityTransform.identity(), pose}) {
            double[] q = t.apply(query);
            double[] out = new double[3];
            Region found = ClosestPointOnTriangle.closestPoint(q[0], q[1], q[2], t.apply(TRIANGLE), 0, out);
            assertEquals(region, found);
            assertEquals(0, SyntheticSurfaces.maxAbsDifference(t.apply(expected), out), 1e-12);
        }
    }

    @Test
    void givenRandomPoints_whenClosestPoint_thenMatchesDenseBarycentricSearchAndCoversAllRegions() {
        Random random = new Random(5);
        double[] tri = {0.3, -1.2, 0.5, 4.1, 0.7, -0.4, -0.8, 2.9, 1.6};
        int steps = 300;
        double[] samples = new double[3 * (steps + 1) * (steps + 2) / 2];
        int k = 0;
        for (int i = 0; i <= steps; i++) {
            for (int j = 0; i + j <= steps; j++) {
                double v = i / (double) steps, w = j / (double) steps, u = 1 - v - w;
                for (int d = 0; d < 3; d++) {
                    samples[k++] = u * tri[d] + v * tri[3 + d] + w * tri[6 + d];
                }
            }
        }
        // grid spacing <= longest edge / steps, so the dense minimum overestimates by at most ~0.02
        double gridTolerance = 6.0 / steps;
        Set<Region> seen = EnumSet.noneOf(Region.class);
        double[] out = new double[3];
        for (int n = 0; n < 400; n++) {
            double px = -4 + 12 * random.nextDouble(), py = -5 + 12 * random.nextDouble(),
                    pz = -3 + 6 * random.nextDouble();
            seen.add(ClosestPointOnTriangle.closestPoint(px, py, pz, tri, 0, out));
            double fast = Math.sqrt(sq(out[0] - px) + sq(out[1] - py) + sq(out[2] - pz));
            double brute = Double.POSITIVE_INFINITY;
            for (int s = 0; s < samples.length; s += 3) {
                brute = Math.min(brute, sq(samples[s] - px) + sq(samples[s + 1] - py) + sq(samples[s + 2] - pz));
            }
            brute = Math.sqrt(brute);
            assertTrue(fast <= brute + 1e-12, "closest point must not be farther than any sample");
            assertEquals(brute, fast, gridTolerance);
        }
        assertEquals(EnumSet.allOf(Region.class), seen);
    }

    @Test
    void givenADegenerateTriangle_whenClosestPoint_thenAFinitePointOnTheSegment() {
        double[] segment = {0, 0, 0, 2, 0, 0, 2, 0, 0};
        double[] out = new double[3];
        ClosestPointOnTriangle.closestPoint(1, 1, 0, segment, 0, out);
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(new double[] {1, 0, 0}, out), 1e-12);
    }

    private static double sq(double v) {
        return v * v;
    }
}
