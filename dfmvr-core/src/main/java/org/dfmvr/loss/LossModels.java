package org.dfmvr.loss;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.dfmvr.bundle.ParseBundle;
import org.deeplearning4j.util.ModelSerializer;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.facemodel.SyntheticFaceModel;

/**
 * Resolves the model a serialised {@link WeakSupervisionLoss} refers to, once per JVM. A spec is either a
 * {@link FaceModels} spec ({@value FaceModels#SPEC_FORMS}) or a synthface model id as
 * {@link MorphableModel#id()} prints it, {@code synthface:seed=S:grid=G:I/E/T}, which rebuilds that variant (small
 * grids and ranks for tests and quick runs). Also loads the mask term's parse network.
 */
final class LossModels {
    private static final Pattern SYNTH_ID = Pattern.compile(
            SyntheticFaceModel.NAME + ":seed=(-?\\d+):grid=(\\d+):(\\d+)/(\\d+)/(\\d+)");
    private static final Map<String, MorphableModel> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Model> PARSE_NETS = new ConcurrentHashMap<>();

    private LossModels() {
    }

    static MorphableModel resolve(String spec) {
        return CACHE.computeIfAbsent(spec, LossModels::load);
    }

    /**
     * The frozen parse network at {@code path}, loaded once per JVM: a parse bundle folder ({@link ParseBundle}, any
     * Hadoop URI) or a DL4J ModelSerializer zip of a {@code MultiLayerNetwork} or {@code ComputationGraph}.
     */
    static Model parseNet(String path) {
        return PARSE_NETS.computeIfAbsent(path, p -> {
            try {
                Path dir = new Path(p);
                FileSystem fs = dir.getFileSystem(new Configuration());
                if (ParseBundle.isBundle(fs, dir)) {
                    return ParseBundle.read(fs, dir).graph();
                }
                File file = new File(p);
                return isGraph(file) ? ModelSerializer.restoreComputationGraph(file, false)
                        : ModelSerializer.restoreMultiLayerNetwork(file, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the parse network '" + p + "' for the mask term "
                        + "(expected a parse bundle folder or a ModelSerializer zip)", e);
            }
        });
    }

    /** Whether a ModelSerializer zip holds a ComputationGraph (its configuration lists vertices). */
    private static boolean isGraph(File zip) throws IOException {
        try (ZipFile z = new ZipFile(zip)) {
            ZipEntry conf = z.getEntry("configuration.json");
            if (conf == null) {
                throw new IOException(zip + " is not a DL4J ModelSerializer zip: no configuration.json");
            }
            try (InputStream in = z.getInputStream(conf)) {
                return new ObjectMapper().readTree(in).has("vertices");
            }
        }
    }

    private static MorphableModel load(String spec) {
        Matcher m = SYNTH_ID.matcher(spec);
        if (m.matches()) {
            return SyntheticFaceModel.build(new SyntheticFaceModel.Settings(Long.parseLong(m.group(1)),
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5))));
        }
        try {
            return FaceModels.load(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load face model '" + spec + "' for the loss", e);
        }
    }
}
