package org.dfmvr.train.sample;

/**
 * PIL {@code ImageEnhance} operations and a Gaussian blur on 8-bit RGB images held as packed {@code 0xRRGGBB} ints
 * [H·W] (row-major), each returning a new array. DF-MVR augments with PIL (reference §1.6), so these follow PIL's
 * definitions: every enhancement blends the image with a "degenerate" image,
 * {@code out = clip(trunc(d + f·(x − d)), 0, 255)} per channel (PIL {@code ImagingBlend}; f = 1 is the identity,
 * f = 0 the degenerate image, f &gt; 1 extrapolates), with
 * <ul>
 *   <li>brightness: d = 0, so out = f·x;</li>
 *   <li>contrast: d = the mean luma of the whole image, {@code int(mean(L) + 0.5)}, in every channel;</li>
 *   <li>colour (saturation): d = the pixel's own luma L in every channel;</li>
 *   <li>sharpness: d = the image smoothed by PIL's SMOOTH kernel [[1,1,1],[1,5,1],[1,1,1]]/13 (rounded), border
 *       pixels unchanged (as PIL's 3x3 filter leaves them).</li>
 * </ul>
 * Luma is PIL's {@code convert("L")}: {@code (19595 R + 38470 G + 7471 B + 0x8000) >> 16} (ITU-R 601-2).
 */
public final class PhotometricOps {
    private PhotometricOps() {
    }

    public static int[] brightness(int[] rgb, double factor) {
        int[] out = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[i] = pack(blend(0, r(p), factor), blend(0, g(p), factor), blend(0, b(p), factor));
        }
        return out;
    }

    public static int[] contrast(int[] rgb, double factor) {
        double sum = 0;
        for (int p : rgb) {
            sum += luma(p);
        }
        int mean = (int) (sum / rgb.length + 0.5);
        int[] out = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[i] = pack(blend(mean, r(p), factor), blend(mean, g(p), factor), blend(mean, b(p), factor));
        }
        return out;
    }

    public static int[] saturation(int[] rgb, double factor) {
        int[] out = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int l = luma(p);
            out[i] = pack(blend(l, r(p), factor), blend(l, g(p), factor), blend(l, b(p), factor));
        }
        return out;
    }

    public static int[] sharpness(int[] rgb, int width, int height, double factor) {
        int[] smooth = rgb.clone();
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int[] s = new int[3];
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int p = rgb[(y + dy) * width + x + dx];
                        int w = dx == 0 && dy == 0 ? 5 : 1;
                        s[0] += w * r(p);
                        s[1] += w * g(p);
                        s[2] += w * b(p);
                    }
                }
                smooth[y * width + x] = pack((int) Math.round(s[0] / 13.0), (int) Math.round(s[1] / 13.0),
                        (int) Math.round(s[2] / 13.0));
            }
        }
        int[] out = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i], d = smooth[i];
            out[i] = pack(blend(r(d), r(p), factor), blend(g(d), g(p), factor), blend(b(d), b(p), factor));
        }
        return out;
    }

    /**
     * Separable Gaussian blur with standard deviation {@code sigma} pixels, kernel radius ceil(3σ) (at least 1),
     * normalised, borders mirrored without repeating the edge pixel (torchvision's reflect padding), rounded to
     * the nearest integer.
     */
    public static int[] gaussianBlur(int[] rgb, int width, int height, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be > 0, got " + sigma);
        }
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        double[][] channels = new double[3][rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            channels[0][i] = r(rgb[i]);
            channels[1][i] = g(rgb[i]);
            channels[2][i] = b(rgb[i]);
        }
        int[] out = new int[rgb.length];
        double[][] blurred = new double[3][];
        for (int c = 0; c < 3; c++) {
            blurred[c] = convolve(convolve(channels[c], width, height, kernel, radius, true), width, height, kernel,
                    radius, false);
        }
        for (int i = 0; i < rgb.length; i++) {
            out[i] = pack(clip(Math.round(blurred[0][i])), clip(Math.round(blurred[1][i])),
                    clip(Math.round(blurred[2][i])));
        }
        return out;
    }

    private static double[] convolve(double[] in, int width, int height, double[] kernel, int radius,
                                     boolean horizontal) {
        double[] out = new double[in.length];
        int n = horizontal ? width : height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) {
                    int j = reflect((horizontal ? x : y) + k, n);
                    s += kernel[k + radius] * in[horizontal ? y * width + j : j * width + x];
                }
                out[y * width + x] = s;
            }
        }
        return out;
    }

    /** Index i mirrored into [0, n) without repeating the edge (…2 1 | 0 1 2 … n-1 | n-2 …). */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** PIL's luma of a packed pixel. */
    static int luma(int p) {
        return (19595 * r(p) + 38470 * g(p) + 7471 * b(p) + 0x8000) >> 16;
    }

    private static int blend(int degenerate, int value, double factor) {
        double v = degenerate + factor * (value - degenerate);
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) v;
    }

    private static int clip(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    static int r(int p) {
        return (p >> 16) & 0xff;
    }

    static int g(int p) {
        return (p >> 8) & 0xff;
    }

    static int b(int p) {
        return p & 0xff;
    }

    static int pack(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }
}
