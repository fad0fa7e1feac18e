package org.dfmvr.facemodel;

/**
 * Assigns the 10 face-parsing classes ({@link FacePart}) to vertices from the geometry of the 68 landmarks, seen
 * frontally: every vertex and landmark is projected onto the model's x-y plane (the face looks towards +z) and
 * tested against polygons built from the iBUG markup. Used by every source that has no part labels of its own.
 *
 * <p>Regions (first match wins): eyes = polygons 36-41 / 42-47; brows = within a band of half-width
 * {@value #BROW_HALF_WIDTH} x inter-ocular distance around polylines 17-21 / 22-26; inner mouth = polygon 60-67;
 * upper lip = 48-54 then 64-60; lower lip = 54-59, 48 then 60, 67-64; nose = the bridge point 27 widened, down to
 * the nostril points 31-35; face region = jaw line 0-16 closed over the forehead by the brow points raised by
 * {@value #FOREHEAD_RISE} x inter-ocular distance; skin = face region minus the parts; background = the rest, and
 * every vertex whose normal points away from the viewer (n_z &lt;= 0), such as the underside of the chin.
 */
final class PartLabeler {
    static final double BROW_HALF_WIDTH = 0.07;
    static final double FOREHEAD_RISE = 0.8;

    private PartLabeler() {
    }

    /**
     * @param positions [V,3] vertex positions, any unit, face towards +z
     * @param normals   [V,3] unit vertex normals
     * @param landmarks [68,3] landmark positions in the same frame and unit
     * @return [V] labels 0..9
     */
    static byte[] label(float[] positions, float[] normals, float[] landmarks) {
        double[][] lm = new double[MorphableModel.LANDMARK_COUNT][];
        for (int i = 0; i < lm.length; i++) {
            lm[i] = new double[] {landmarks[3 * i], landmarks[3 * i + 1]};
        }
        double eyeDistance = Math.hypot(centre(lm, 42, 47)[0] - centre(lm, 36, 41)[0],
                centre(lm, 42, 47)[1] - centre(lm, 36, 41)[1]);
        double[][] rightEye = range(lm, 36, 41);
        double[][] leftEye = range(lm, 42, 47);
        double[][] innerMouth = range(lm, 60, 67);
        double[][] upperLip = concat(range(lm, 48, 54), reversed(range(lm, 60, 64)));
        double[][] lowerLip = concat(concat(range(lm, 54, 59), new double[][] {lm[48], lm[60]}),
                reversed(range(lm, 64, 67)));
        double halfNoseTop = 0.25 * Math.abs(lm[35][0] - lm[31][0]);
        double[][] nose = concat(new double[][] {{lm[27][0] - halfNoseTop, lm[27][1]}},
                concat(range(lm, 31, 35), new double[][] {{lm[27][0] + halfNoseTop, lm[27][1]}}));
        double rise = FOREHEAD_RISE * eyeDistance;
        double[][] forehead = new double[10][];
        for (int i = 0; i < 10; i++) {
            double[] b = lm[26 - i];
            forehead[i] = new double[] {b[0], b[1] + rise};
        }
        double[][] face = concat(range(lm, 0, 16), forehead);
        double browHalfWidth = BROW_HALF_WIDTH * eyeDistance;

        int v = positions.length / 3;
        byte[] labels = new byte[v];
        for (int i = 0; i < v; i++) {
            double x = positions[3 * i], y = positions[3 * i + 1];
            FacePart part;
            if (normals[3 * i + 2] <= 0 || !inside(face, x, y)) {
                part = FacePart.BACKGROUND;
            } else if (inside(rightEye, x, y)) {
                part = FacePart.R_EYE;
            } else if (inside(leftEye, x, y)) {
                part = FacePart.L_EYE;
            } else if (nearPolyline(lm, 17, 21, x, y, browHalfWidth)) {
                part = FacePart.R_BROW;
            } else if (nearPolyline(lm, 22, 26, x, y, browHalfWidth)) {
                part = FacePart.L_BROW;
            } else if (inside(innerMouth, x, y)) {
                part = FacePart.MOUTH;
            } else if (inside(upperLip, x, y)) {
                part = FacePart.U_LIP;
            } else if (inside(lowerLip, x, y)) {
                part = FacePart.L_LIP;
            } else if (inside(nose, x, y)) {
                part = FacePart.NOSE;
            } else {
                part = FacePart.SKIN;
            }
            labels[i] = (byte) part.label();
        }
        return labels;
    }

    /** Even-odd ray-casting point-in-polygon test (polygon vertices in order, implicitly closed). */
    static boolean inside(double[][] poly, double x, double y) {
        boolean in = false;
        for (int i = 0, j = poly.length - 1; i < poly.length; j = i++) {
            double xi = poly[i][0], yi = poly[i][1], xj = poly[j][0], yj = poly[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    private static boolean nearPolyline(double[][] lm, int from, int to, double x, double y, double radius) {
        for (int i = from; i < to; i++) {
            double ax = lm[i][0], ay = lm[i][1], bx = lm[i + 1][0], by = lm[i + 1][1];
            double dx = bx - ax, dy = by - ay;
            double t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
            if (Math.hypot(x - ax - t * dx, y - ay - t * dy) <= radius) {
                return true;
            }
        }
        return false;
    }

    private static double[] centre(double[][] lm, int from, int to) {
        double x = 0, y = 0;
        for (int i = from; i <= to; i++) {
            x += lm[i][0];
            y += lm[i][1];
        }
        int n = to - from + 1;
        return new double[] {x / n, y / n};
    }

    private static double[][] range(double[][] lm, int from, int to) {
        double[][] out = new double[to - from + 1][];
        System.arraycopy(lm, from, out, 0, out.length);
        return out;
    }

    private static double[][] reversed(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[a.length - 1 - i];
        }
        return out;
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
