package org.dfmvr.facemodel;

/**
 * The length unit of a face model's coordinates. BFM as prepared by Deep3DFace is in decimetres (BFM/1e5), the
 * ICT-FaceKit meshes are in centimetres, the built-in synthetic model is in millimetres.
 */
public enum LengthUnit {
    MM(1.0),
    CM(10.0),
    DM(100.0);

    private final double millimetresPerUnit;

    LengthUnit(double millimetresPerUnit) {
        this.millimetresPerUnit = millimetresPerUnit;
    }

    /** How many millimetres one unit is (MM 1, CM 10, DM 100). */
    public double millimetresPerUnit() {
        return millimetresPerUnit;
    }

    /** Factor that converts a length in this unit into {@code target}: {@code DM.factorTo(MM) == 100}. */
    public double factorTo(LengthUnit target) {
        return millimetresPerUnit / target.millimetresPerUnit;
    }
}
