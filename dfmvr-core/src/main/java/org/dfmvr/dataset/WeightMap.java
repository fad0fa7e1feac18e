package org.dfmvr.dataset;

/**
 * The per-pixel weight map of the photometric loss, from a face-parse label map (DF-MVR
 * {@code dataset_preprocess.get_face_mask}, see docs reference §1.5).
 *
 * <p>Levels: background 32, skin 128, facial parts (brows, eyes, nose, mouth, lips: labels &gt; 1) 254. Part regions are
 * first dilated with a {@code kernel x kernel} square (10 in the official code), and the dilation is clipped to the
 * face (pixels labelled background stay background), so the band of skin around each part is weighted like the part.
 * The official code forgets to remap the left view's top level (0.99 instead of 254); we use 254 for every view.
 */
public final class WeightMap {
    public static final int BACKGROUND = 32;
    public static final int SKIN = 128;
    public static final int PART = 254;

    private WeightMap() {
    }

    /**
     * @param labels [H,W] row-major parse labels 0..9 (0 background, 1 skin, &gt;1 parts)
     * @param kernel side of the square dilation kernel in pixels (10 in DF-MVR); anchored like OpenCV's default
     *               (a pixel takes the maximum over {@code [x - kernel/2, x + kernel - 1 - kernel/2]}), so an even kernel grows a
     *               region one pixel further right/down than left/up
     * @return [H,W] row-major weights in {32, 128, 254}
     */
    public static int[] of(int[] labels, int width, int height, int kernel) {
        if (labels.length != width * height) {
            throw new IllegalArgumentException("labels must be [H,W] = " + height + "x" + width + ", got " + labels.length);
        }
        if (kernel < 1) {
            throw new IllegalArgumentException("kernel must be >= 1, got " + kernel);
        }
        boolean[] part = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            part[i] = labels[i] > 1;
        }
        boolean[] dilated = dilate(part, width, height, kernel);
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] == 0 ? BACKGROUND : dilated[i] ? PART : SKIN;
        }
        return out;
    }

    /** Square dilation, separable: a horizontal then a vertical running window. */
    static boolean[] dilate(boolean[] mask, int width, int height, int kernel) {
        int before = kernel / 2;       // OpenCV anchor: the window covers [x - before, x - before + kernel - 1]
        int after = kernel - 1 - before;
        boolean[] horizontal = new boolean[mask.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean any = false;
                for (int dx = -before; dx <= after && !any; dx++) {
                    int xx = x + dx;
                    any = xx >= 0 && xx < width && mask[y * width + xx];
                }
                horizontal[y * width + x] = any;
            }
        }
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean any = false;
                for (int dy = -before; dy <= after && !any; dy++) {
                    int yy = y + dy;
                    any = yy >= 0 && yy < height && horizontal[yy * width + x];
                }
                out[y * width + x] = any;
            }
        }
        return out;
    }
}
