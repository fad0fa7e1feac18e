package org.dfmvr.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checkpoints of a training run on any Hadoop filesystem ({@code file://}, {@code hdfs://}):
 * {@code <root>/ckpt-<step, 12 digits>/} holding {@code model.zip} (graph, parameters and updater state, DL4J's
 * ModelSerializer) and {@code state.json} ({@link TrainState}).
 *
 * <p>A checkpoint is written into {@code <root>/_tmp-<uuid>/} and renamed into place, so a crash never leaves a
 * half-written {@code ckpt-*} and {@link #latest()} only ever sees complete ones; after each save only the newest
 * {@code keep} remain.
 */
public final class CheckpointStore {
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{12})");
    static final String MODEL = "model.zip";
    static final String STATE = "state.json";

    private final FileSystem fs;
    private final Path root;
    private final int keep;

    public CheckpointStore(String rootUri, int keep, Configuration conf) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        this.root = new Path(rootUri);
        this.fs = root.getFileSystem(conf);
        this.keep = keep;
    }

    /** A saved checkpoint: where it is and the state it holds. */
    public record Checkpoint(String uri, TrainState state) {
    }

    public Checkpoint save(ComputationGraph model, TrainState state) throws IOException {
        Path tmp = new Path(root, "_tmp-" + UUID.randomUUID());
        fs.mkdirs(tmp);
        try (OutputStream out = fs.create(new Path(tmp, MODEL), false)) {
            ModelSerializer.writeModel(model, out, true);
        }
        try (OutputStream out = fs.create(new Path(tmp, STATE), false)) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, state);
        }
        Path target = new Path(root, String.format("ckpt-%012d", state.step()));
        if (fs.exists(target)) { // the same step saved again (e.g. after a resume): replace it whole
            fs.delete(target, true);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename checkpoint " + tmp + " to " + target);
        }
        List<FileStatus> all = complete();
        for (int i = 0; i < all.size() - keep; i++) {
            fs.delete(all.get(i).getPath(), true);
        }
        return new Checkpoint(target.toString(), state);
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Checkpoint> latest() throws IOException {
        List<FileStatus> all = complete();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path dir = all.get(all.size() - 1).getPath();
        try (FSDataInputStream in = fs.open(new Path(dir, STATE))) {
            return Optional.of(new Checkpoint(dir.toString(), new ObjectMapper().readValue((java.io.InputStream) in, TrainState.class)));
        }
    }

    /** The graph of a checkpoint, with its updater (optimiser) state. */
    public ComputationGraph load(Checkpoint checkpoint) throws IOException {
        try (FSDataInputStream in = fs.open(new Path(checkpoint.uri(), MODEL))) {
            return ModelSerializer.restoreComputationGraph(in, true);
        }
    }

    /** Complete checkpoints, oldest first. */
    private List<FileStatus> complete() throws IOException {
        if (!fs.exists(root)) {
            return List.of();
        }
        return Arrays.stream(fs.listStatus(root)).filter(s -> s.isDirectory() && NAME.matcher(s.getPath().getName())
                .matches()).sorted(Comparator.comparing(s -> s.getPath().getName())).toList();
    }
}
