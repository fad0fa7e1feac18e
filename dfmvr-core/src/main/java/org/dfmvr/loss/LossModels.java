package org.dfmvr.loss;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
    private static final Map<String, MultiLayerNetwork> PARSE_NETS = new ConcurrentHashMap<>();

    private LossModels() {
    }

    static MorphableModel resolve(String spec) {
        return CACHE.computeIfAbsent(spec, LossModels::load);
    }

    /** The frozen parse network stored at {@code path} (DL4J ModelSerializer zip), loaded once per JVM. */
    static MultiLayerNetwork parseNet(String path) {
        return PARSE_NETS.computeIfAbsent(path, p -> {
            try {
                return ModelSerializer.restoreMultiLayerNetwork(new File(p), false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the parse network '" + p + "' for the mask term", e);
            }
        });
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
