package org.dfmvr.facemodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses a {@link FaceModelSource} from a spec string (the value of a config key such as {@code facemodel.spec}):
 * <ul>
 *   <li>{@code synthface} or {@code synthface:<seed>} — {@link SyntheticFaceModel} with default settings (seed 0);</li>
 *   <li>{@code ict-face} — the human face model shipped in the jar ({@link IctFace}, from ICT-FaceKit, mm);</li>
 *   <li>{@code ict:<folder>} — {@link IctFaceKitImporter} on a FaceXModel folder, default settings;</li>
 *   <li>{@code bfm:<file>} — {@link BfmImporter#frontModel} on a {@code BFM_model_front.mat}, or
 *       {@code bfm:<folder>} — {@link BfmImporter#original} on the original files with Deep3DFace's ranks;</li>
 *   <li>{@code cache:<file>} — a {@link FaceModelCache} file.</li>
 * </ul>
 * An unknown kind, a missing path or a malformed seed is an {@link IllegalArgumentException} naming the spec.
 */
public final class FaceModels {
    /** What a spec may look like, quoted in every error. */
    public static final String SPEC_FORMS = "synthface[:seed], ict-face, ict:<folder>, bfm:<file.mat or folder>,"
            + " cache:<file>";
    /** The built-in default: the fast synthetic model the quick start and the tests train on. */
    public static final String DEFAULT_SPEC = SyntheticFaceModel.NAME;
    /** The shipped human face model ({@link IctFace}): what to use for real photos. */
    public static final String ICT_FACE = IctFace.NAME;

    private FaceModels() {
    }

    /** Loads the model named by {@code spec}. */
    public static MorphableModel load(String spec) throws IOException {
        return source(spec).load();
    }

    /** The source named by {@code spec}, without loading it. */
    public static FaceModelSource source(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("face model spec is empty; expected one of " + SPEC_FORMS);
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        switch (kind) {
            case SyntheticFaceModel.NAME:
                return new SyntheticFaceModel(SyntheticFaceModel.Settings.defaults(seed(spec, arg)));
            case IctFace.NAME:
                if (!arg.isEmpty()) {
                    throw new IllegalArgumentException("face model spec '" + spec + "': " + IctFace.NAME
                            + " takes no argument; expected one of " + SPEC_FORMS);
                }
                return new IctFace();
            case IctFaceKitImporter.NAME:
                return new IctFaceKitImporter(path(spec, arg), IctFaceKitImporter.Settings.defaults());
            case BfmImporter.NAME: {
                Path p = path(spec, arg);
                return Files.isDirectory(p) ? BfmImporter.original(p, BfmImporter.Ranks.deep3dFace())
                        : BfmImporter.frontModel(p);
            }
            case "cache":
                return new FaceModelCache(path(spec, arg));
            default:
                throw new IllegalArgumentException("unknown face model kind '" + kind + "' in spec '" + spec
                        + "'; expected one of " + SPEC_FORMS);
        }
    }

    private static long seed(String spec, String arg) {
        if (arg.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("face model spec '" + spec + "': seed must be an integer, got '" + arg
                    + "'");
        }
    }

    private static Path path(String spec, String arg) {
        if (arg.isBlank()) {
            throw new IllegalArgumentException("face model spec '" + spec + "' needs a path after the colon; expected"
                    + " one of " + SPEC_FORMS);
        }
        Path p = Path.of(arg);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("face model spec '" + spec + "': " + p.toAbsolutePath()
                    + " does not exist");
        }
        return p;
    }
}
