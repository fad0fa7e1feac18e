package org.dfmvr.output;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Replaces a whole output folder atomically enough for reports and generated data sets: everything is written into a
 * sibling {@code .<name>._tmp-<uuid>} folder; only when that succeeded, the existing folder is renamed aside to
 * {@code .<name>._old-<uuid>}, the new one renamed into place, and the old one deleted. A failure while writing
 * deletes the temporary folder and leaves the existing output untouched; a crash between the two renames leaves the
 * complete old output in the {@code _old} sibling, never a mix of old and new files.
 *
 * <p>Only a folder this kind of job wrote is ever moved aside and deleted: {@link OutputOwnership#requireWritable}
 * is checked before anything is written and again just before the swap, and the new folder carries the job's
 * marker ({@link OutputOwnership#mark}) from the moment it appears under its name.
 */
public final class AtomicOutput {
    private AtomicOutput() {
    }

    /** Writes the contents of a folder. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(FileSystem fs, Path folder) throws IOException;
    }

    /**
     * Writes {@code contents} into a temporary sibling of {@code out}, marks it as {@code jobKind}'s output, then
     * swaps it in.
     *
     * @throws org.dfmvr.config.ConfigError when {@code out} holds anything but an earlier output of {@code jobKind}
     */
    public static void replace(FileSystem fs, Path out, String jobKind, Contents contents) throws IOException {
        Path parent = out.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("the output must not be a filesystem root, got " + out);
        }
        OutputOwnership.requireWritable(out, jobKind, fs.getConf());
        String id = UUID.randomUUID().toString();
        Path tmp = new Path(parent, "." + out.getName() + "._tmp-" + id);
        Path old = new Path(parent, "." + out.getName() + "._old-" + id);
        fs.mkdirs(parent);
        try {
            contents.writeInto(fs, tmp);
            OutputOwnership.mark(tmp, jobKind, fs.getConf());
            OutputOwnership.requireWritable(out, jobKind, fs.getConf());
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
