package org.dfmvr.render;

/**
 * A float image.
 *
 * @param height   H, pixels
 * @param width    W, pixels
 * @param channels C, values per pixel (3 for RGB, 1 for mask or depth)
 * @param data     [H,W,C] row-major, row 0 at the top; the unit is the producer's (RGB in [0,1], depth in the depth
 *                 unit of the screen vertices)
 */
public record FloatImage(int height, int width, int channels, float[] data) {
    public FloatImage {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("image must be at least 1x1x1, got " + height + "x" + width + "x"
                    + channels);
        }
        if (data == null || data.length != height * width * channels) {
            throw new IllegalArgumentException("data must be [H,W,C] = " + height * width * channels
                    + " values, got " + (data == null ? "null" : data.length));
        }
    }

    /** Value at row i, column j, channel c (0-based). */
    public float get(int row, int column, int channel) {
        return data[(row * width + column) * channels + channel];
    }
}
