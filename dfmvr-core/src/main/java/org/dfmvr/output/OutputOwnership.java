package org.dfmvr.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.config.ConfigError;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Who owns an output folder. Every job that replaces or clears its {@code --out} folder first calls
 * {@link #requireWritable}: the folder must not exist, be empty, or carry the marker file {@value #MARKER} that
 * {@link #mark} wrote when this kind of job committed there. Anything else (a user's files, another job's output,
 * a plain file) is refused with a {@link ConfigError} naming the path and what was found, which the CLI turns into
 * exit status 2 before any work starts.
 *
 * <p>The marker is a small UTF-8 text file of {@code key=value} lines:
 * <pre>
 * format=1
 * job=eval
 * </pre>
 * {@code format} is the marker's own version (a reader refuses a version it does not know rather than guess);
 * {@code job} is the job kind that owns the folder ({@code synth}, {@code ingest}, {@code train}, {@code infer},
 * {@code eval}). Jobs write it into the folder they commit (inside the temporary folder before the rename that
 * publishes it), so a folder only carries it once a commit of that job reached it.
 */
public final class OutputOwnership {
    /** Name of the marker file inside an output folder. */
    public static final String MARKER = "_DFMVR_OUTPUT";
    /** Version of the marker's format written by {@link #mark}. */
    public static final int FORMAT = 1;
    /** How many foreign entries a refusal lists by name. */
    private static final int LISTED = 5;

    private OutputOwnership() {
    }

    /**
     * Passes when {@code out} does not exist, is an empty folder, or carries this project's marker for
     * {@code jobKind}; otherwise throws.
     *
     * @throws ConfigError (exit 2) naming {@code out} and what is there: a file, foreign entries, or the marker of
     *                     another job kind
     * @throws IOException when the filesystem cannot be asked
     */
    public static void requireWritable(Path out, String jobKind, Configuration hadoop) throws IOException {
        requireKind(jobKind);
        FileSystem fs = out.getFileSystem(hadoop);
        FileStatus status;
        try {
            status = fs.getFileStatus(out);
        } catch (FileNotFoundException absent) {
            return;
        }
        String where = fs.makeQualified(out).toString();
        if (!status.isDirectory()) {
            throw refused(where, jobKind, "it is a file, not a folder");
        }
        FileStatus[] entries = fs.listStatus(out);
        if (entries.length == 0) {
            return;
        }
        Path marker = new Path(out, MARKER);
        if (!fs.exists(marker)) {
            throw refused(where, jobKind, "it holds " + entries.length + " entr" + (entries.length == 1 ? "y" : "ies")
                    + " and no " + MARKER + " marker, so dfmvr did not write it ("
                    + Arrays.stream(entries).map(e -> e.getPath().getName()).sorted().limit(LISTED)
                    .collect(Collectors.joining(", ")) + (entries.length > LISTED ? ", ..." : "") + ")");
        }
        Map<String, String> fields = readMarker(fs, marker);
        String format = fields.get("format");
        if (!String.valueOf(FORMAT).equals(format)) {
            throw refused(where, jobKind, "its " + MARKER + " marker has format " + format
                    + ", this version reads format " + FORMAT);
        }
        String owner = fields.get("job");
        if (!jobKind.equals(owner)) {
            throw refused(where, jobKind, "it is the output of a dfmvr " + owner + " job (" + MARKER + ")");
        }
    }

    /** Writes (or rewrites) the marker saying {@code jobKind} owns {@code out}; creates {@code out} if needed. */
    public static void mark(Path out, String jobKind, Configuration hadoop) throws IOException {
        requireKind(jobKind);
        FileSystem fs = out.getFileSystem(hadoop);
        fs.mkdirs(out);
        try (FSDataOutputStream s = fs.create(new Path(out, MARKER), true)) {
            s.write(("format=" + FORMAT + "\njob=" + jobKind + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** True when {@code out} carries the marker of {@code jobKind} (a folder this job wrote). */
    public static boolean isMarked(Path out, String jobKind, Configuration hadoop) throws IOException {
        FileSystem fs = out.getFileSystem(hadoop);
        Path marker = new Path(out, MARKER);
        if (!fs.isFile(marker)) {
            return false;
        }
        Map<String, String> fields = readMarker(fs, marker);
        return String.valueOf(FORMAT).equals(fields.get("format")) && jobKind.equals(fields.get("job"));
    }

    private static Map<String, String> readMarker(FileSystem fs, Path marker) throws IOException {
        byte[] bytes;
        try (FSDataInputStream in = fs.open(marker)) {
            bytes = in.readNBytes(4096);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return fields;
    }

    private static void requireKind(String jobKind) {
        if (jobKind == null || !jobKind.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("job kind must be a lower-case word, got " + jobKind);
        }
    }

    private static ConfigError refused(String where, String jobKind, String found) {
        return new ConfigError(where, "refusing to use it as the output of dfmvr " + jobKind + ": " + found
                + ". Give a new or empty folder (the job never removes files it did not write).");
    }
}
