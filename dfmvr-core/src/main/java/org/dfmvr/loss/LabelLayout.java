package org.dfmvr.loss;

/**
 * Where each label lives in one example's packed label row (docs/loss.md). Per view v = 0..views-1, in order:
 * image RGB [H·W,3] (row-major pixels, linear RGB in [0,1]), weight map [H·W] (e.g. 32/128/254; 0 ignores a pixel),
 * parse labels [H·W] (class ids 0..K-1 as numbers, 0 background), 68 landmarks [68,2] (pixels, x right, y down, pixel centres at +0.5), view-present flag [1] (1 present, 0 absent).
 * Then 3D landmarks [L,3] (model units, the model's 3D landmark vertices, see {@link WeakObjective}), the
 * 3D-landmark flag [1] and the mask hold flag [1] (1 = the mask term is held off for this example: the train job's
 * schedule before the mask start epoch; 0 = it counts with its configured weight).
 *
 * @param views           views per example, &gt;= 1
 * @param imageSize       square image side, pixels, &gt;= 1
 * @param landmarks3dSize L, number of 3D landmarks, &gt;= 3
 */
public record LabelLayout(int views, int imageSize, int landmarks3dSize) implements java.io.Serializable {
    /** 2D landmarks per view. */
    public static final int LANDMARKS_2D = 68;

    public LabelLayout {
        if (views < 1 || imageSize < 1 || landmarks3dSize < 3) {
            throw new IllegalArgumentException("LabelLayout needs views >= 1, imageSize >= 1, landmarks3dSize >= 3, "
                    + "got " + views + ", " + imageSize + ", " + landmarks3dSize);
        }
    }

    public int pixels() {
        return imageSize * imageSize;
    }

    /** Values per view: RGB, weight, parse labels, landmarks, flag. */
    public int viewSize() {
        return 5 * pixels() + 2 * LANDMARKS_2D + 1;
    }

    public int imageOffset(int view) {
        return view * viewSize();
    }

    public int weightOffset(int view) {
        return imageOffset(view) + 3 * pixels();
    }

    public int parseOffset(int view) {
        return weightOffset(view) + pixels();
    }

    public int landmarksOffset(int view) {
        return parseOffset(view) + pixels();
    }

    public int presentOffset(int view) {
        return landmarksOffset(view) + 2 * LANDMARKS_2D;
    }

    public int landmarks3dOffset() {
        return views * viewSize();
    }

    public int landmarks3dFlagOffset() {
        return landmarks3dOffset() + 3 * landmarks3dSize;
    }

    /**
     * The mask hold flag: the train job switches the mask term on after an epoch through the labels rather than by
     * swapping the loss, because parameter-server workers keep the loss they were first given.
     */
    public int maskHoldOffset() {
        return landmarks3dFlagOffset() + 1;
    }

    /** Total length of one example's label row. */
    public int size() {
        return maskHoldOffset() + 1;
    }
}
