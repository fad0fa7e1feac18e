package org.dfmvr.render;

/**
 * A per-pixel class label image, e.g. face parts (0 background, 1 skin, 2 l_brow, 3 r_brow, 4 l_eye, 5 r_eye, 6 nose,
 * 7 mouth, 8 u_lip, 9 l_lip).
 *
 * @param height H, pixels
 * @param width  W, pixels
 * @param labels [H,W] row-major class labels, row 0 at the top, each &gt;= 0
 */
public record LabelMap(int height, int width, int[] labels) {
    public LabelMap {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("label map must be at least 1x1, got " + height + "x" + width);
        }
        if (labels == null || labels.length != height * width) {
            throw new IllegalArgumentException("labels must be [H,W] = " + height * width + " values, got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label at pixel (" + i / width + "," + i % width
                        + ") must be >= 0, got " + labels[i]);
            }
        }
    }

    /** Label at row i, column j (0-based). */
    public int get(int row, int column) {
        return labels[row * width + column];
    }
}
