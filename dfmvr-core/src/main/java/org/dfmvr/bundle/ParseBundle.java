package org.dfmvr.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.dfmvr.nn.BiSeNetBuilder;
import org.dfmvr.nn.BiSeNetSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * A trained face-parse net as one folder on any Hadoop filesystem, written by {@code train --model parse}:
 * <pre>
 * &lt;bundle&gt;/parse-net.zip        the frozen inference graph ({@link BiSeNetBuilder#inferenceCopy}: main head only,
 *                              batch norm folded; DL4J ModelSerializer, no updater state)
 * &lt;bundle&gt;/parse-bundle.json    {@link ParseBundleManifest}
 * </pre>
 * The mask loss takes either the folder or the zip as {@code parseNetPath}. Written atomically, versioned by content
 * hash, as {@link ModelBundle}.
 */
public final class ParseBundle {
    public static final String FORMAT = "dfmvr-parse-bundle";
    public static final int FORMAT_VERSION = 1;
    public static final String NET = "parse-net.zip";
    public static final String MANIFEST = "parse-bundle.json";
    /** DF-MVR's BiSeNet input (reference §1.9): mean 0.5, std 0.5, not ImageNet statistics. */
    public static final String INPUT_NORMALISATION = "(rgb/255 - 0.5)/0.5 (NCHW, [-1,1])";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ParseBundle() {
    }

    /** A bundle read back: its manifest and its frozen graph. */
    public record Loaded(ParseBundleManifest manifest, ComputationGraph graph) {
    }

    /**
     * Writes the frozen {@code graph} (one input, one output) as a bundle at {@code dir}, replacing any bundle there.
     *
     * @param pixelAccuracy    validation pixel accuracy of the graph, [0,1] or NaN
     * @param meanIou          validation mean IoU, [0,1] or NaN
     * @param validationPixels pixels both were measured on
     */
    public static ParseBundleManifest write(FileSystem fs, Path dir, ComputationGraph graph, BiSeNetSpec spec,
                                            double pixelAccuracy, double meanIou, long validationPixels,
                                            Instant createdAt) throws IOException {
        if (graph.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("a parse bundle holds the inference graph with one output, got "
                    + graph.getConfiguration().getNetworkOutputs() + " (use BiSeNetBuilder.inferenceCopy)");
        }
        ParseBundleManifest unversioned = new ParseBundleManifest(FORMAT, FORMAT_VERSION, spec, INPUT_NORMALISATION,
                pixelAccuracy, meanIou, validationPixels, null, null);
        String version = BundleFolders.contentHash(graph, JSON.writeValueAsBytes(unversioned));
        ParseBundleManifest manifest = new ParseBundleManifest(FORMAT, FORMAT_VERSION, spec, INPUT_NORMALISATION,
                pixelAccuracy, meanIou, validationPixels, createdAt.toString(), version);
        BundleFolders.replaceAtomically(fs, dir, tmp -> {
            try (OutputStream out = fs.create(new Path(tmp, NET), false)) {
                ModelSerializer.writeModel(graph, out, false);
            }
            try (OutputStream out = fs.create(new Path(tmp, MANIFEST), false)) {
                JSON.writeValue(out, manifest);
            }
        });
        return manifest;
    }

    /** True when {@code dir} holds a parse-bundle manifest. */
    public static boolean isBundle(FileSystem fs, Path dir) throws IOException {
        return fs.exists(new Path(dir, MANIFEST));
    }

    /** Manifest and frozen graph. */
    public static Loaded read(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, MANIFEST);
        if (!fs.exists(file)) {
            throw new BundleFormatException("not a parse bundle: " + dir + " has no " + MANIFEST
                    + " (expected a folder written by train --model parse, holding " + MANIFEST + " and " + NET + ")");
        }
        ParseBundleManifest m;
        try (FSDataInputStream in = fs.open(file)) {
            com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree((java.io.InputStream) in);
            if (tree == null || !tree.isObject()) {
                throw new BundleFormatException(file + ": not a valid parse-bundle manifest: not a JSON object");
            }
            // bundles written before BiSeNetSpec.outputStride existed all predict at BiSeNet's 1/8
            if (tree.get("network") instanceof com.fasterxml.jackson.databind.node.ObjectNode net
                    && !net.has("outputStride")) {
                net.put("outputStride", BiSeNetSpec.PAPER_OUTPUT_STRIDE);
            }
            m = JSON.treeToValue(tree, ParseBundleManifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BundleFormatException(file + ": not a valid parse-bundle manifest: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(m.format()) || m.formatVersion() != FORMAT_VERSION) {
            throw new BundleFormatException(file + ": format must be " + FORMAT + " version " + FORMAT_VERSION
                    + ", got " + m.format() + " version " + m.formatVersion());
        }
        if (!INPUT_NORMALISATION.equals(m.inputNormalisation()) || m.network() == null) {
            throw new BundleFormatException(file + ": network must be set and inputNormalisation '"
                    + INPUT_NORMALISATION + "', got '" + m.inputNormalisation() + "'");
        }
        Path net = new Path(dir, NET);
        if (!fs.exists(net)) {
            throw new BundleFormatException("incomplete parse bundle: " + dir + " has " + MANIFEST + " but no " + NET);
        }
        try (FSDataInputStream in = fs.open(net)) {
            return new Loaded(m, ModelSerializer.restoreComputationGraph(in, false));
        }
    }
}
