package org.dfmvr.bundle;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** What every bundle format shares: the atomic replacement of its folder and its content-hash version. */
final class BundleFolders {
    private BundleFolders() {
    }

    /** Writes the files of a bundle into the folder it is given. */
    @FunctionalInterface
    interface Contents {
        void writeInto(Path folder) throws IOException;
    }

    /**
     * Writes {@code contents} into a sibling {@code _tmp-*} folder and renames it to {@code dir}; an existing
     * {@code dir} is first renamed aside and deleted only after the new one is in place, so readers never see a
     * half-written bundle.
     */
    static void replaceAtomically(FileSystem fs, Path dir, Contents contents) throws IOException {
        requireBundleOrAbsent(fs, dir);
        Path parent = dir.getParent();
        Path tmp = new Path(parent, "_tmp-" + dir.getName() + "-" + UUID.randomUUID());
        fs.mkdirs(tmp);
        contents.writeInto(tmp);
        requireBundleOrAbsent(fs, dir);
        Path old = new Path(parent, "_old-" + dir.getName() + "-" + UUID.randomUUID());
        if (fs.exists(dir) && !fs.rename(dir, old)) {
            throw new IOException("cannot move the previous bundle " + dir + " aside to " + old);
        }
        if (!fs.rename(tmp, dir)) {
            throw new IOException("cannot rename " + tmp + " to " + dir);
        }
        fs.delete(old, true);
    }

    /**
     * Only a bundle is ever replaced: an existing {@code dir} must be empty or hold a bundle manifest (of either
     * kind), so a bundle written over a user's folder fails instead of moving the folder aside and deleting it.
     */
    private static void requireBundleOrAbsent(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return;
        }
        if (fs.isFile(dir)) {
            throw new IOException("cannot write a bundle to " + dir + ": it is a file");
        }
        if (fs.listStatus(dir).length > 0 && !fs.exists(new Path(dir, ModelBundle.MANIFEST))
                && !fs.exists(new Path(dir, ParseBundle.MANIFEST))) {
            throw new IOException("refusing to replace " + dir + " with a bundle: it holds files but no "
                    + ModelBundle.MANIFEST + " or " + ParseBundle.MANIFEST + ", so it is not a bundle");
        }
    }

    /**
     * Hex SHA-256 of the graph configuration, its parameters (as little-endian float32) and {@code manifestJson}:
     * equal versions = identical predictions.
     */
    static String contentHash(ComputationGraph graph, byte[] manifestJson) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
        sha.update(graph.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
        float[] params = graph.params().castTo(DataType.FLOAT).toFloatVector();
        ByteBuffer buf = ByteBuffer.allocate(params.length * Float.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(params);
        sha.update(buf.array());
        sha.update(manifestJson);
        return HexFormat.of().formatHex(sha.digest());
    }
}
