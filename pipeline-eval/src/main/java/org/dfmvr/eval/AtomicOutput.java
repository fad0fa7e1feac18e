package org.dfmvr.eval;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Replaces a whole output folder atomically enough for reports: everything is written into a sibling
 * {@code .<name>._tmp-<uuid>} folder; only when that succeeded, the existing folder is renamed aside to
 * {@code .<name>._old-<uuid>}, the new one renamed into place, and the old one deleted. A failure while writing
 * deletes the temporary folder and leaves the existing output untouched; a crash between the two renames leaves the
 * complete old output in the {@code _old} sibling, never a mix of old and new files.
 */
public final class AtomicOutput {
    private AtomicOutput() {
    }

    /** Writes the contents of a folder. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(FileSystem fs, Path folder) throws IOException;
    }

    /** Writes {@code contents} into a temporary sibling of {@code out}, then swaps it in. */
    public static void replace(FileSystem fs, Path out, Contents contents) throws IOException {
        Path parent = out.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("the output must not be a filesystem root, got " + out);
        }
        String id = UUID.randomUUID().toString();
        Path tmp = new Path(parent, "." + out.getName() + "._tmp-" + id);
        Path old = new Path(parent, "." + out.getName() + "._old-" + id);
        fs.mkdirs(parent);
        try {
            contents.writeInto(fs, tmp);
        } catch (IOException | RuntimeException e) {
            fs.delete(tmp, true);
            throw e;
        }
        boolean hadOld = fs.exists(out);
        if (hadOld && !fs.rename(out, old)) {
            fs.delete(tmp, true);
            throw new IOException("cannot move the existing output " + out + " aside to " + old);
        }
        if (!fs.rename(tmp, out)) {
            if (hadOld) {
                fs.rename(old, out);
            }
            throw new IOException("cannot move " + tmp + " to " + out + " (the previous output is kept)");
        }
        if (hadOld) {
            fs.delete(old, true);
        }
    }
}
