package org.dfmvr.loss;

/**
 * Stage 3: unit vertex normals as {@link org.dfmvr.mesh.MeshNormals} defines them (normalised sum of the
 * unnormalised face normals {@code (p_b - p_a) x (p_c - p_a)} of the adjacent triangles; Deep3DFace
 * {@code compute_norm}), in double, with the backward. A vertex whose sum is zero gets the zero normal and no gradient.
 */
final class NormalStage {
    private NormalStage() {
    }

    /**
     * @param positions [V,3] model units
     * @param triangles [T,3] 0-based, counter-clockwise from outside
     * @param sums      out: [V,3] unnormalised sums (kept for the backward)
     * @param normals   out: [V,3] unit normals
     */
    static void forward(double[] positions, int[] triangles, double[] sums, double[] normals) {
        java.util.Arrays.fill(sums, 0);
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
            double e1x = positions[b] - positions[a], e1y = positions[b + 1] - positions[a + 1];
            double e1z = positions[b + 2] - positions[a + 2];
            double e2x = positions[c] - positions[a], e2y = positions[c + 1] - positions[a + 1];
            double e2z = positions[c + 2] - positions[a + 2];
            double nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
            for (int v : new int[] {a, b, c}) {
                sums[v] += nx;
                sums[v + 1] += ny;
                sums[v + 2] += nz;
            }
        }
        for (int i = 0; i < sums.length; i += 3) {
            double len = Math.sqrt(sums[i] * sums[i] + sums[i + 1] * sums[i + 1] + sums[i + 2] * sums[i + 2]);
            double inv = len > 0 ? 1 / len : 0;
            normals[i] = sums[i] * inv;
            normals[i + 1] = sums[i + 1] * inv;
            normals[i + 2] = sums[i + 2] * inv;
        }
    }

    /** Accumulates into gPositions [V,3] the gradient given gNormals [V,3]; sums/normals from {@link #forward}. */
    static void backward(double[] positions, int[] triangles, double[] sums, double[] normals, double[] gNormals,
                         double[] gPositions) {
        double[] gSums = new double[sums.length];
        for (int i = 0; i < sums.length; i += 3) {
            double len = Math.sqrt(sums[i] * sums[i] + sums[i + 1] * sums[i + 1] + sums[i + 2] * sums[i + 2]);
            if (len == 0) {
                continue;
            }
            double nx = normals[i], ny = normals[i + 1], nz = normals[i + 2];
            double gx = gNormals[i], gy = gNormals[i + 1], gz = gNormals[i + 2];
            double along = nx * gx + ny * gy + nz * gz;
            gSums[i] = (gx - nx * along) / len;
            gSums[i + 1] = (gy - ny * along) / len;
            gSums[i + 2] = (gz - nz * along) / len;
        }
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
            double gx = gSums[a] + gSums[b] + gSums[c];
            double gy = gSums[a + 1] + gSums[b + 1] + gSums[c + 1];
            double gz = gSums[a + 2] + gSums[b + 2] + gSums[c + 2];
            if (gx == 0 && gy == 0 && gz == 0) {
                continue;
            }
            double e1x = positions[b] - positions[a], e1y = positions[b + 1] - positions[a + 1];
            double e1z = positions[b + 2] - positions[a + 2];
            double e2x = positions[c] - positions[a], e2y = positions[c + 1] - positions[a + 1];
            double e2z = positions[c + 2] - positions[a + 2];
            // n = e1 x e2: dL/de1 = e2 x g, dL/de2 = g x e1
            double g1x = e2y * gz - e2z * gy, g1y = e2z * gx - e2x * gz, g1z = e2x * gy - e2y * gx;
            double g2x = gy * e1z - gz * e1y, g2y = gz * e1x - gx * e1z, g2z = gx * e1y - gy * e1x;
            gPositions[b] += g1x;
            gPositions[b + 1] += g1y;
            gPositions[b + 2] += g1z;
            gPositions[c] += g2x;
            gPositions[c + 1] += g2y;
            gPositions[c + 2] += g2z;
            gPositions[a] -= g1x + g2x;
            gPositions[a + 1] -= g1y + g2y;
            gPositions[a + 2] -= g1z + g2z;
        }
    }
}
