package org.dfmvr.ingest;

import org.dfmvr.mesh.MeshFormatException;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.TriangleMesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check every ground-truth mesh passes at ingest, so a broken scan is quarantined here and not found by eval
 * later: at least one triangle, every vertex finite (face indices in range are checked by {@link TriangleMesh} and the
 * parsers). Failures are {@link BadInputException}s at stage {@code read} naming the file.
 */
public final class GroundTruthMeshes {
    private GroundTruthMeshes() {
    }

    /** {@code mesh} (read from {@code uri}) if usable as ground truth. */
    public static TriangleMesh check(TriangleMesh mesh, String uri) {
        if (mesh.vertexCount() == 0 || mesh.triangleCount() == 0) {
            throw new BadInputException("read", uri + ": ground-truth mesh is empty (" + mesh.vertexCount()
                    + " vertices, " + mesh.triangleCount() + " triangles)");
        }
        float[] p = mesh.positions();
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                throw new BadInputException("read", uri + ": ground-truth vertex " + (i / 3 + 1) + " (1-based) has a "
                        + "non-finite coordinate " + p[i]);
            }
        }
        return mesh;
    }

    /** An OBJ file's bytes parsed (through a local temporary file: the parser reads paths) and checked. */
    public static TriangleMesh obj(RawImages.RawFile file) {
        Path local = null;
        try {
            local = Files.createTempFile("dfmvr-gt-", ".obj");
            Files.write(local, file.bytes());
            return check(ObjIo.read(local), file.uri());
        } catch (MeshFormatException | IllegalArgumentException e) {
            throw new BadInputException("read", file.uri() + ": unreadable ground-truth mesh: "
                    + String.valueOf(e.getMessage()).replace(String.valueOf(local), file.uri()));
        } catch (IOException e) {
            throw new BadInputException("read", "cannot parse " + file.uri() + ": " + e.getMessage());
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
