package org.dfmvr.facemodel;

import java.io.IOException;

/** Something that produces a {@link MorphableModel}: the built-in synthetic model, an importer, or a cache file. */
@FunctionalInterface
public interface FaceModelSource {
    /** Builds or reads the model; I/O problems are {@link IOException}s, malformed content is a clear exception. */
    MorphableModel load() throws IOException;
}
