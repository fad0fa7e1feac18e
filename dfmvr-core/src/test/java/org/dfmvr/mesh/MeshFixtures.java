package org.dfmvr.mesh;

import java.util.Random;

/** Meshes for I/O tests. */
final class MeshFixtures {
    private MeshFixtures() {
    }

    /**
     * A random mesh whose positions include values that are hard to print exactly (subnormal, huge, negative zero,
     * many digits) and whose colours, when asked for, are multiples of 1/255 (what 8-bit formats can hold).
     */
    static TriangleMesh random(int vertices, int triangles, boolean colors, long seed) {
        Random random = new Random(seed);
        float[] p = new float[3 * vertices];
        float[] awkward = {Float.MIN_VALUE, -Float.MAX_VALUE, -0f, 1e-7f, 123456.79f, 0.1f, (float) Math.PI};
        for (int i = 0; i < p.length; i++) {
            p[i] = i < awkward.length ? awkward[i]
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
        }
        int[] t = new int[3 * triangles];
        for (int i = 0; i < t.length; i++) {
            t[i] = random.nextInt(vertices);
        }
        float[] c = null;
        if (colors) {
            c = new float[3 * vertices];
            for (int i = 0; i < c.length; i++) {
                c[i] = random.nextInt(256) / 255f;
            }
        }
        return new TriangleMesh(p, t, c);
    }
}
