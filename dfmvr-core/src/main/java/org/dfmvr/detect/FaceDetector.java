package org.dfmvr.detect;

import java.awt.image.BufferedImage;
import java.util.List;

/** Finds faces and their five points in a photo; implementations are pluggable (any model with this contract). */
public interface FaceDetector extends AutoCloseable {
    /** Faces with score at least the detector's threshold, best first. */
    List<FaceDetection> detect(BufferedImage image);

    @Override
    void close();
}
