package org.dfmvr.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.config.ConfigError;
import org.dfmvr.output.OutputOwnership;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The train job's {@code --out} folder: which entries the job writes there, whether it already holds a run, and the
 * rules for starting in it. A folder belongs to one run:
 * <ul>
 *   <li>a folder that holds anything the train job did not write (no {@code train} marker of
 *       {@link OutputOwnership}, and an entry that is not one of {@link #WRITTEN}) is refused, whatever the options;</li>
 *   <li>a new run (no {@code --resume}) into a folder that holds a run's checkpoints or metrics is refused unless
 *       {@code --overwrite}, which removes only {@link #WRITTEN} and then starts;</li>
 *   <li>{@code --resume} continues the run whose newest checkpoint is there (or starts when there is none).</li>
 * </ul>
 * A folder with only train entries but no marker (written by a version before the marker, or a checkpoint copied by
 * hand) counts as a train folder. Refusals are {@link ConfigError}s (exit status 2) naming the folder.
 */
final class TrainOutput {
    static final String JOB_KIND = "train";
    static final String CHECKPOINTS = "checkpoints";
    /** Every entry the train job writes into its {@code --out} folder (Hadoop's {@code .<name>.crc} aside). */
    static final Set<String> WRITTEN = Set.of(CHECKPOINTS, MetricsLog.FILE, MetricsLog.CURVE, TrainRunner.PREFLIGHT,
            "bundle", "parse-bundle", OutputOwnership.MARKER);

    private final Path out;
    private final FileSystem fs;
    private final Configuration hadoop;

    TrainOutput(String outUri, Configuration hadoop) throws IOException {
        this.out = new Path(outUri);
        this.fs = out.getFileSystem(hadoop);
        this.hadoop = hadoop;
    }

    /**
     * Checks that the folder may be used by this run and, for a new run with {@code overwrite}, removes what an
     * earlier train run wrote there; then marks the folder as a train output.
     *
     * @throws ConfigError when the folder is someone else's, or holds a run and neither resume nor overwrite is given
     */
    void claim(boolean resume, boolean overwrite) throws IOException {
        if (resume && overwrite) {
            throw new ConfigError("dfmvr.train.overwrite", "--overwrite clears " + where() + " and --resume continues "
                    + "the run in it: give one of them");
        }
        List<String> foreign = foreignEntries();
        if (!foreign.isEmpty() && !OutputOwnership.isMarked(out, JOB_KIND, hadoop)) {
            OutputOwnership.requireWritable(out, JOB_KIND, hadoop); // refuses, naming the folder and its entries
            throw new ConfigError(where(), "holds entries the train job did not write: " + foreign);
        }
        if (!resume && holdsRun()) {
            if (!overwrite) {
                throw new ConfigError(where(), "holds another train run (" + describeRun() + "). Pass --resume to "
                        + "continue it, --overwrite to remove what train wrote there (" + String.join(", ",
                        WRITTEN.stream().sorted().toList()) + ") and start a new run, or give another --out.");
            }
            clear();
        }
        OutputOwnership.mark(out, JOB_KIND, hadoop);
    }

    /** True when the folder holds a checkpoint or a metrics file. */
    boolean holdsRun() throws IOException {
        Path checkpoints = new Path(out, CHECKPOINTS);
        boolean anyCheckpoint = fs.isDirectory(checkpoints) && fs.listStatus(checkpoints).length > 0;
        return anyCheckpoint || fs.exists(new Path(out, MetricsLog.FILE));
    }

    private String describeRun() throws IOException {
        var latest = new CheckpointStore(new Path(out, CHECKPOINTS).toString(), 1, hadoop).latest();
        if (latest.isEmpty()) {
            return "metrics, no checkpoint";
        }
        TrainState s = latest.get().state();
        return "run id " + (s.runId() == null ? "unknown (written before run ids)" : s.runId()) + ", newest checkpoint "
                + "after epoch " + s.epoch() + ", step " + s.step();
    }

    /** Removes what the train job writes, nothing else. */
    private void clear() throws IOException {
        for (FileStatus e : entries()) {
            if (WRITTEN.contains(baseName(e.getPath().getName()))) {
                fs.delete(e.getPath(), true);
            }
        }
    }

    private List<String> foreignEntries() throws IOException {
        List<String> foreign = new ArrayList<>();
        for (FileStatus e : entries()) {
            if (!WRITTEN.contains(baseName(e.getPath().getName()))) {
                foreign.add(e.getPath().getName());
            }
        }
        return foreign;
    }

    private FileStatus[] entries() throws IOException {
        if (!fs.exists(out)) {
            return new FileStatus[0];
        }
        if (!fs.isDirectory(out)) {
            OutputOwnership.requireWritable(out, JOB_KIND, hadoop); // refuses a plain file, naming it
        }
        try {
            return fs.listStatus(out);
        } catch (FileNotFoundException gone) {
            return new FileStatus[0];
        }
    }

    /** {@code .metrics.jsonl.crc} (Hadoop's checksum) and {@code .metrics.jsonl.tmp} count as {@code metrics.jsonl}. */
    static String baseName(String name) {
        if (name.startsWith(".") && (name.endsWith(".crc") || name.endsWith(".tmp"))) {
            return name.substring(1, name.length() - 4);
        }
        return name;
    }

    private String where() {
        return fs.makeQualified(out).toString();
    }
}
