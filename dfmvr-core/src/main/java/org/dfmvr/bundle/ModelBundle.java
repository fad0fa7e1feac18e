package org.dfmvr.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.nn.NetworkSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * A trained model as one folder on any Hadoop filesystem:
 * <pre>
 * &lt;bundle&gt;/graph.zip    the ComputationGraph (DL4J ModelSerializer, configuration + parameters, no updater state)
 * &lt;bundle&gt;/bundle.json  {@link BundleManifest}
 * </pre>
 * Written into a sibling {@code _tmp-*} folder and renamed into place (an existing bundle is first renamed aside and
 * deleted only after the new one is in place), so readers never see a half-written bundle. The version is a content
 * hash: saving the same parameters twice gives the same version, any change of parameters or manifest a new one.
 */
public final class ModelBundle {
    public static final String FORMAT = "dfmvr-bundle";
    public static final int FORMAT_VERSION = 1;
    public static final String GRAPH = "graph.zip";
    public static final String MANIFEST = "bundle.json";
    /** The input normalisation of {@code org.dfmvr.nn.ViewTensors}, the only one this format version knows. */
    public static final String INPUT_NORMALISATION = "rgb/127.5-1 (NCHW, [-1,1]); channel 3 = parse label 0..9; "
            + "absent view = zeros";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelBundle() {
    }

    /** A bundle read back: its manifest and its graph (parameters loaded, ready for {@code output}). */
    public record Loaded(BundleManifest manifest, ComputationGraph graph) {
    }

    /**
     * Writes {@code graph} as a bundle at {@code dir}, replacing any bundle there atomically.
     *
     * @param faceModel the FaceModels spec whose ranks {@code layout} was made from (e.g. {@code synthface})
     * @return the manifest written, with its version
     */
    public static BundleManifest write(FileSystem fs, Path dir, ComputationGraph graph, NetworkSpec spec,
                                       String faceModel, CoeffLayout layout, Instant createdAt) throws IOException {
        check(spec, layout);
        if (faceModel == null || faceModel.isBlank()) {
            throw new IllegalArgumentException("faceModel spec must be non-empty, got '" + faceModel + "'");
        }
        BundleManifest unversioned = new BundleManifest(FORMAT, FORMAT_VERSION, spec,
                ViewRecord.NAMES.subList(0, spec.views()), faceModel, layout, INPUT_NORMALISATION, null, null);
        String version = version(graph, unversioned);
        BundleManifest manifest = new BundleManifest(FORMAT, FORMAT_VERSION, spec, unversioned.viewNames(), faceModel,
                layout, INPUT_NORMALISATION, createdAt.toString(), version);
        BundleFolders.replaceAtomically(fs, dir, tmp -> {
            try (OutputStream out = fs.create(new Path(tmp, GRAPH), false)) {
                ModelSerializer.writeModel(graph, out, false);
            }
            try (OutputStream out = fs.create(new Path(tmp, MANIFEST), false)) {
                JSON.writeValue(out, manifest);
            }
        });
        return manifest;
    }

    /** Only the manifest (cheap: the driver reads this to learn the version without loading the graph). */
    public static BundleManifest readManifest(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, MANIFEST);
        if (!fs.exists(file)) {
            throw new BundleFormatException("not a model bundle: " + dir + " has no " + MANIFEST
                    + " (expected a folder written by train, holding " + MANIFEST + " and " + GRAPH + ")");
        }
        BundleManifest m;
        try (FSDataInputStream in = fs.open(file)) {
            m = JSON.readValue((java.io.InputStream) in, BundleManifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BundleFormatException(file + ": not a valid bundle manifest: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(m.format()) || m.formatVersion() != FORMAT_VERSION) {
            throw new BundleFormatException(file + ": format must be " + FORMAT + " version " + FORMAT_VERSION
                    + ", got " + m.format() + " version " + m.formatVersion());
        }
        if (m.network() == null || m.coefficients() == null || m.version() == null || m.faceModel() == null) {
            throw new BundleFormatException(file + ": network, coefficients, faceModel and version must be set");
        }
        if (!INPUT_NORMALISATION.equals(m.inputNormalisation())) {
            throw new BundleFormatException(file + ": inputNormalisation must be '" + INPUT_NORMALISATION
                    + "', got '" + m.inputNormalisation() + "'");
        }
        try {
            check(m.network(), m.coefficients());
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(file + ": " + e.getMessage());
        }
        return m;
    }

    /** Manifest and graph. */
    public static Loaded read(FileSystem fs, Path dir) throws IOException {
        BundleManifest m = readManifest(fs, dir);
        Path file = new Path(dir, GRAPH);
        if (!fs.exists(file)) {
            throw new BundleFormatException("incomplete model bundle: " + dir + " has " + MANIFEST + " but no "
                    + GRAPH);
        }
        try (FSDataInputStream in = fs.open(file)) {
            return new Loaded(m, ModelSerializer.restoreComputationGraph(in, false));
        }
    }

    /** The network output must be exactly the coefficient layout: same group sizes and views. */
    private static void check(NetworkSpec spec, CoeffLayout layout) {
        var h = spec.heads();
        if (layout.views() != spec.views() || h.identity() != layout.idSize() || h.expression() != layout.expSize()
                || h.texture() != layout.texSize() || h.gamma() != CoeffLayout.GAMMA_SIZE
                || h.rotationPerView() != CoeffLayout.ROTATION_SIZE
                || h.translationPerView() != CoeffLayout.TRANSLATION_SIZE) {
            throw new IllegalArgumentException("network heads " + h + " x " + spec.views()
                    + " views do not match the coefficient layout " + layout);
        }
    }

    /** Hex SHA-256 of the graph configuration JSON, its parameters (float32, little-endian) and the manifest. */
    private static String version(ComputationGraph graph, BundleManifest unversioned) throws IOException {
        return BundleFolders.contentHash(graph, JSON.writeValueAsBytes(unversioned));
    }
}
