package org.dfmvr.nn;

/**
 * How the face-parse mask enters each view's input (paper §3.1; weiguangzhao/DF_MVR network/MVRnet.py concatenates
 * the label map as one float channel).
 */
public enum MaskInput {
    /** No mask (paper Table 3 v4): RGB only, 3 channels per view. */
    NONE,
    /** The parse label map as one float channel holding the class index 0..classes-1: 4 channels per view. */
    LABEL,
    /** One channel per parse class (0/1 each): 3 + classes channels per view. */
    ONE_HOT;

    /** Input channels per view for {@code parseClasses} parse classes. */
    public int channelsPerView(int parseClasses) {
        return switch (this) {
            case NONE -> 3;
            case LABEL -> 4;
            case ONE_HOT -> 3 + parseClasses;
        };
    }
}
