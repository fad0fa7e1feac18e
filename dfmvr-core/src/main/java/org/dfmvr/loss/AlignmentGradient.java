package org.dfmvr.loss;

/** How the 3D landmark term's backward treats the similarity alignment of prediction to ground truth. */
public enum AlignmentGradient {
    /** The alignment is a constant (DF-MVR and the choice: no gradient through the SVD). */
    CONSTANT,
    /** The exact derivative, through the alignment as well ({@link AlignmentDerivative}). */
    EXACT
}
