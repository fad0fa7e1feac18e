package org.dfmvr.dataset;

import java.awt.image.BufferedImage;

/**
 * Deep3DFace's {@code align_img}: fit 5 image points (left eye, right eye, nose tip, left mouth corner, right mouth
 * corner) to a 5-point 3D template with an affine camera by least squares ("POS"), then scale the image so the template
 * has a fixed size and crop around the template's origin.
 *
 * <p>Deep3DFace fixes the size with {@code rescale_factor = 102} in its template's units. We state it physically
 * instead: {@code pixelsPerUnit} crop pixels per template unit (e.g. per mm), chosen by the caller to match the
 * training camera (focal / camera distance), so an aligned photo and a render of the model at the canonical distance
 * have the same scale. Image coordinates are pixels, x right, y down, origin at the top-left corner of the top-left
 * pixel; the template is model space (y up), which the fit absorbs.
 */
public final class FivePointAlignment {
    private FivePointAlignment() {
    }

    /**
     * A similarity without rotation from source-image pixels to crop pixels: {@code crop = (p - centre) * scale +
     * size/2}.
     *
     * @param scale   crop pixels per source pixel
     * @param centreX source x that lands on the crop centre (pixels)
     * @param centreY source y that lands on the crop centre (pixels)
     * @param size    crop side (pixels)
     */
    public record Transform(double scale, double centreX, double centreY, int size) {
        public double[] apply(double x, double y) {
            return new double[] {(x - centreX) * scale + size / 2.0, (y - centreY) * scale + size / 2.0};
        }

        /** Applies to [N,2] row-major points in place. */
        public void applyInPlace(float[] points) {
            for (int i = 0; i + 1 < points.length; i += 2) {
                double[] p = apply(points[i], points[i + 1]);
                points[i] = (float) p[0];
                points[i + 1] = (float) p[1];
            }
        }

        /**
         * The {@code size x size} crop, sampled bilinearly (supersampled when shrinking, so faces from 1280x720 photos
         * do not alias); outside the source is black.
         */
        public BufferedImage crop(BufferedImage src) {
            BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            int ss = (int) Math.min(4, Math.max(1, Math.ceil(1 / scale)));
            double[] rgb = new double[3];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double r = 0, g = 0, b = 0;
                    for (int sy = 0; sy < ss; sy++) {
                        for (int sx = 0; sx < ss; sx++) {
                            double cx = x + (sx + 0.5) / ss, cy = y + (sy + 0.5) / ss; // crop-space sample point
                            sampleBilinear(src, (cx - size / 2.0) / scale + centreX - 0.5,
                                    (cy - size / 2.0) / scale + centreY - 0.5, rgb);
                            r += rgb[0];
                            g += rgb[1];
                            b += rgb[2];
                        }
                    }
                    int n = ss * ss;
                    out.setRGB(x, y, (clamp(r / n) << 16) | (clamp(g / n) << 8) | clamp(b / n));
                }
            }
            return out;
        }
    }

    /**
     * @param image5        [5,2] source pixel coordinates, in the order above
     * @param template5     [5,3] the same points on the 3D template (model units, y up)
     * @param pixelsPerUnit crop pixels per template unit
     * @param size          crop side in pixels
     */
    public static Transform fit(double[][] image5, double[][] template5, double pixelsPerUnit, int size) {
        if (image5.length != 5 || template5.length != 5) {
            throw new IllegalArgumentException("need 5 image and 5 template points, got " + image5.length + " and "
                    + template5.length);
        }
        // Affine camera p = [R1; R2] X + t: two independent 4-unknown least-squares problems sharing A = [X 1].
        double[][] ata = new double[4][4];
        double[] atbx = new double[4], atby = new double[4];
        for (int i = 0; i < 5; i++) {
            double[] a = {template5[i][0], template5[i][1], template5[i][2], 1};
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    ata[r][c] += a[r] * a[c];
                }
                atbx[r] += a[r] * image5[i][0];
                atby[r] += a[r] * image5[i][1];
            }
        }
        double[] kx = solve4(ata, atbx), ky = solve4(ata, atby);
        double s = (Math.sqrt(kx[0] * kx[0] + kx[1] * kx[1] + kx[2] * kx[2])
                + Math.sqrt(ky[0] * ky[0] + ky[1] * ky[1] + ky[2] * ky[2])) / 2; // source pixels per template unit
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("degenerate 5-point configuration: cannot fit a scale");
        }
        return new Transform(pixelsPerUnit / s, kx[3], ky[3], size);
    }

    /** Gaussian elimination with partial pivoting on a copy; throws on a singular system. */
    private static double[] solve4(double[][] m, double[] rhs) {
        int n = 4;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n] = rhs[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("degenerate 5-point template: the points are coplanar with no depth "
                        + "spread or coincide");
            }
            double[] t = a[col]; a[col] = a[pivot]; a[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i];
        }
        return x;
    }

    /** Bilinear sample at continuous pixel-index coordinates (pixel centres at integers); black outside. */
    private static void sampleBilinear(BufferedImage img, double x, double y, double[] rgb) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        rgb[0] = rgb[1] = rgb[2] = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int xx = x0 + dx, yy = y0 + dy;
                if (xx < 0 || yy < 0 || xx >= img.getWidth() || yy >= img.getHeight()) {
                    continue;
                }
                double w = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                int p = img.getRGB(xx, yy);
                rgb[0] += w * ((p >> 16) & 0xff);
                rgb[1] += w * ((p >> 8) & 0xff);
                rgb[2] += w * (p & 0xff);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
