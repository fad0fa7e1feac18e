package org.dfmvr.synth;

import java.util.SplittableRandom;

/** Procedural backgrounds for synthetic views, [H,W,3] RGB in [0,1]. */
final class Backgrounds {
    private Backgrounds() {
    }

    static float[] draw(String kind, int size, SplittableRandom rng) {
        float[] out = new float[size * size * 3];
        float[] base = {(float) rng.nextDouble(), (float) rng.nextDouble(), (float) rng.nextDouble()};
        switch (kind) {
            case "flat" -> {
                for (int p = 0; p < size * size; p++) {
                    System.arraycopy(base, 0, out, 3 * p, 3);
                }
            }
            case "noise" -> { // smooth value noise: a coarse random grid, bilinearly upsampled
                int g = 5;
                float[] grid = new float[(g + 1) * (g + 1) * 3];
                for (int i = 0; i < grid.length; i++) {
                    grid[i] = (float) rng.nextDouble();
                }
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double gx = x * g / (double) size, gy = y * g / (double) size;
                        int x0 = (int) gx, y0 = (int) gy;
                        double fx = gx - x0, fy = gy - y0;
                        for (int c = 0; c < 3; c++) {
                            double top = grid[(y0 * (g + 1) + x0) * 3 + c] * (1 - fx)
                                    + grid[(y0 * (g + 1) + x0 + 1) * 3 + c] * fx;
                            double bottom = grid[((y0 + 1) * (g + 1) + x0) * 3 + c] * (1 - fx)
                                    + grid[((y0 + 1) * (g + 1) + x0 + 1) * 3 + c] * fx;
                            out[(y * size + x) * 3 + c] = (float) (top * (1 - fy) + bottom * fy);
                        }
                    }
                }
            }
            case "textured" -> { // oriented stripes plus a checker: structure a network must learn to ignore
                double angle = rng.nextDouble() * Math.PI, freq = 4 + rng.nextDouble() * 12;
                float[] other = {(float) rng.nextDouble(), (float) rng.nextDouble(), (float) rng.nextDouble()};
                int cell = Math.max(2, size / (4 + rng.nextInt(8)));
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double u = (x * Math.cos(angle) + y * Math.sin(angle)) / size;
                        double t = 0.5 + 0.35 * Math.sin(2 * Math.PI * freq * u)
                                + (((x / cell) + (y / cell)) % 2 == 0 ? 0.15 : -0.15);
                        for (int c = 0; c < 3; c++) {
                            out[(y * size + x) * 3 + c] = (float) Math.max(0, Math.min(1,
                                    base[c] * t + other[c] * (1 - t)));
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown background '" + kind + "', expected one of "
                    + SynthSettings.BACKGROUNDS);
        }
        return out;
    }
}
