package org.dfmvr.mesh;

import java.util.Arrays;

/**
 * An indexed triangle mesh, the hand-off type between face models, the renderer, mesh I/O and evaluation.
 *
 * @param positions [V,3] row-major x,y,z; the unit is the owner's (a face model states its unit, see
 *                  {@code MorphableModel#unit}); right-handed, +y up, +z towards the viewer in model space
 * @param triangles [T,3] row-major 0-based vertex indices, counter-clockwise when seen from outside
 * @param colors    [V,3] row-major linear RGB in [0,1], or {@code null} when the mesh has no vertex colours
 */
public record TriangleMesh(float[] positions, int[] triangles, float[] colors) {
    public TriangleMesh {
        if (positions == null || positions.length % 3 != 0) {
            throw new IllegalArgumentException("positions must be [V,3], got length "
                    + (positions == null ? "null" : positions.length));
        }
        if (triangles == null || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("triangles must be [T,3], got length "
                    + (triangles == null ? "null" : triangles.length));
        }
        int v = positions.length / 3;
        for (int i = 0; i < triangles.length; i++) {
            if (triangles[i] < 0 || triangles[i] >= v) {
                throw new IllegalArgumentException("triangle index " + triangles[i] + " at [" + i / 3 + "," + i % 3
                        + "] is outside [0," + v + ")");
            }
        }
        if (colors != null && colors.length != positions.length) {
            throw new IllegalArgumentException("colors must be [V,3] = " + positions.length + " values, got "
                    + colors.length);
        }
    }

    public int vertexCount() {
        return positions.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    public boolean hasColors() {
        return colors != null;
    }

    /** The same mesh with other vertex colours ([V,3], or null to drop them). */
    public TriangleMesh withColors(float[] newColors) {
        return new TriangleMesh(positions, triangles, newColors);
    }

    /** Value equality over the array contents (records compare arrays by reference). */
    public boolean sameAs(TriangleMesh o) {
        return Arrays.equals(positions, o.positions) && Arrays.equals(triangles, o.triangles)
                && Arrays.equals(colors, o.colors);
    }
}
