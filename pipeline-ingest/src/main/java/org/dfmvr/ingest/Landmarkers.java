package org.dfmvr.ingest;

import org.dfmvr.detect.FaceDetection;
import org.dfmvr.landmarks.FaceLandmarker;
import org.dfmvr.landmarks.Landmarks68;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The shipped 68-point landmark network, loaded once per executor JVM (as {@link Detectors} loads face detectors):
 * reading and dequantising its weights costs far more than one detection. Thread-safe.
 */
public final class Landmarkers {
    private static volatile FaceLandmarker loaded;

    private Landmarkers() {
    }

    /** The shipped network with the default plausibility rule and box scale. */
    public static FaceLandmarker get() {
        FaceLandmarker l = loaded;
        if (l == null) {
            synchronized (Landmarkers.class) {
                l = loaded;
                if (l == null) {
                    try {
                        l = FaceLandmarker.loadDefault();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot load the shipped 68-point landmark network: "
                                + e.getMessage(), e);
                    }
                    loaded = l;
                }
            }
        }
        return l;
    }

    /**
     * The 68 landmarks of a detected face in photo pixels, or null when the detection as a whole is implausible
     * (then the view keeps no landmarks and its sample the flag {@code no_lm68}).
     */
    public static Landmarks68 detect(BufferedImage photo, FaceDetection face) {
        Landmarks68 lm = get().detect(photo, face);
        return lm.plausible() && lm.trustedCount() > 0 ? lm : null;
    }
}
