package org.dfmvr.facemodel;

/**
 * The 10 face-parsing classes of DF-MVR's re-trained BiSeNet, by label id (reference §1.9: the order is inferred
 * from zllrunning/face-parsing.PyTorch with the dropped classes removed; DF-MVR's code only relies on 0 = background,
 * 1 = skin, above 1 = a facial part).
 *
 * <p>"Left" and "right" are the subject's own: {@link #L_BROW} and {@link #L_EYE} lie at +x in model space (the
 * viewer's right in a frontal view, iBUG landmarks 22-26 and 42-47).
 */
public enum FacePart {
    BACKGROUND(0),
    SKIN(1),
    L_BROW(2),
    R_BROW(3),
    L_EYE(4),
    R_EYE(5),
    NOSE(6),
    MOUTH(7),
    U_LIP(8),
    L_LIP(9);

    /** Number of classes (labels are 0 .. COUNT-1). */
    public static final int COUNT = 10;

    private final int label;

    FacePart(int label) {
        this.label = label;
    }

    /** The class id stored in label maps (0..9). */
    public int label() {
        return label;
    }

    /** The part with class id {@code label}; throws for ids outside 0..9. */
    public static FacePart ofLabel(int label) {
        if (label < 0 || label >= COUNT) {
            throw new IllegalArgumentException("face-part label must be in [0," + COUNT + "), got " + label);
        }
        return values()[label];
    }
}
