package org.dfmvr.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.detect.FaceDetector;
import org.dfmvr.detect.YuNetDetector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One face detector per executor JVM and model: loading an ONNX session costs far more than a detection. A model on a
 * Hadoop filesystem (hdfs://...) is copied to a local temp file once; {@value YuNetDetector#BUILTIN} is the model
 * shipped in the jar.
 */
public final class Detectors {
    private static final Map<IngestSettings.Detector, FaceDetector> LOADED = new ConcurrentHashMap<>();

    private Detectors() {
    }

    /** The detector of {@code d}, loaded once per JVM; {@code source} names the caller in a missing-model error. */
    public static FaceDetector get(IngestSettings.Detector d, String source, Configuration conf) {
        String model = d.requireModel(source);
        return LOADED.computeIfAbsent(d, k -> YuNetDetector.BUILTIN.equals(model)
                ? YuNetDetector.builtin(d.inputSize(), d.scoreThreshold(), d.nmsIou())
                : new YuNetDetector(local(model, conf), d.inputSize(), d.scoreThreshold(), d.nmsIou()));
    }

    private static java.nio.file.Path local(String model, Configuration conf) {
        Path p = new Path(model);
        if (p.toUri().getScheme() == null || "file".equals(p.toUri().getScheme())) {
            return java.nio.file.Path.of(p.toUri().getPath());
        }
        try {
            FileSystem fs = p.getFileSystem(conf);
            java.nio.file.Path tmp = Files.createTempFile("dfmvr-detector", ".onnx");
            tmp.toFile().deleteOnExit();
            try (InputStream in = fs.open(p)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch detector model " + model + ": " + e.getMessage(), e);
        }
    }
}
