package org.dfmvr.mesh;

/**
 * A triangle mesh with per-vertex texture coordinates.
 *
 * @param mesh positions, triangles and optional colours
 * @param uvs  [V,2] row-major texture coordinates (u, v) per vertex, in the source's convention (glTF: origin at the
 *             top-left of the image, v down, unit = image size), or {@code null} when the source has none
 */
public record TexturedMesh(TriangleMesh mesh, float[] uvs) {
    public TexturedMesh {
        if (mesh == null) {
            throw new IllegalArgumentException("mesh must not be null");
        }
        if (uvs != null && uvs.length != 2 * mesh.vertexCount()) {
            throw new IllegalArgumentException("uvs must be [V,2] = " + 2 * mesh.vertexCount() + " values, got "
                    + uvs.length);
        }
    }

    public boolean hasUvs() {
        return uvs != null;
    }
}
