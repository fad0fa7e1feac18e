package org.dfmvr.loss;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.facemodel.SyntheticFaceModel;

/**
 * Resolves the model a serialised {@link WeakSupervisionLoss} refers to, once per JVM. A spec is either a
 * {@link FaceModels} spec ({@value FaceModels#SPEC_FORMS}) or a synthface model id as
 * {@link MorphableModel#id()} prints it, {@code synthface:seed=S:grid=G:I/E/T}, which rebuilds that variant (small
 * grids and ranks for tests and quick runs).
 */
final class LossModels {
    private static final Pattern SYNTH_ID = Pattern.compile(
            SyntheticFaceModel.NAME + ":seed=(-?\\d+):grid=(\\d+):(\\d+)/(\\d+)/(\\d+)");
    private static final Map<String, MorphableModel> CACHE = new ConcurrentHashMap<>();

    private LossModels() {
    }

    static MorphableModel resolve(String spec) {
        return CACHE.computeIfAbsent(spec, LossModels::load);
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
