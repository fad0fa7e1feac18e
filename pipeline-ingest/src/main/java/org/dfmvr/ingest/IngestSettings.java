package org.dfmvr.ingest;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.Split;
import org.dfmvr.detect.YuNetDetector;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The validated settings of one ingest run (from {@code dfmvr.ingest.*}); serializable so executors get them with
 * the task.
 *
 * @param template5     [5][3] five-point alignment template, model frame, mm
 * @param pixelsPerMm   crop pixels per template mm at {@code imageSize}
 */
public record IngestSettings(String source, String input, String output, int imageSize, int minViews, Split split,
                             long targetShardBytes, long maxImagePixels, int weightMapKernel, double[][] template5,
                             double pixelsPerMm, Map<String, String> multipieCameras, Map<String, Double> multipieYaws,
                             Detector detector) implements Serializable {

    /**
     * The face detector for sources without landmarks; {@code model} is {@value YuNetDetector#BUILTIN} (the shipped
     * model), a path or Hadoop URI of a YuNet ONNX file, or empty = none.
     */
    public record Detector(String model, int inputSize, float scoreThreshold, float nmsIou) implements Serializable {
        /** The model URI, or a config error naming the key when a source needs it and none is set. */
        public String requireModel(String source) {
            if (model.isBlank()) {
                throw new ConfigError("dfmvr.ingest.detector.model", "source '" + source + "' has no landmarks and "
                        + "needs a face detector, but none is set: remove the empty setting to use the shipped one ("
                        + "the default, \"" + YuNetDetector.BUILTIN + "\") or set it to a YuNet ONNX file");
            }
            if (YuNetDetector.BUILTIN.equals(model) && inputSize != YuNetDetector.BUILTIN_INPUT_SIZE) {
                throw new ConfigError("dfmvr.ingest.detector.input-size", "the shipped detector \"" + model
                        + "\" needs " + YuNetDetector.BUILTIN_INPUT_SIZE + ", got " + inputSize
                        + " (other sizes need a dynamic YuNet export set as dfmvr.ingest.detector.model)");
            }
            return model;
        }
    }

    /** The same settings for crops of {@code size} px (the alignment scale follows, as in {@link #from}). */
    public IngestSettings withImageSize(int size) {
        return new IngestSettings(source, input, output, size, minViews, split, targetShardBytes, maxImagePixels,
                weightMapKernel, template5, pixelsPerMm * size / imageSize, multipieCameras, multipieYaws, detector);
    }

    public static IngestSettings from(DfmvrConfig c) {
        int size = c.getInt("dfmvr.ingest.image-size", 16, 4096);
        double[][] template = new double[5][];
        List<? extends List<? extends Number>> rows = c.getNumberLists("dfmvr.ingest.alignment.template");
        if (rows.size() != 5 || rows.stream().anyMatch(r -> r.size() != 3)) {
            throw new ConfigError("dfmvr.ingest.alignment.template", "must be 5 points of [x, y, z], got " + rows);
        }
        for (int i = 0; i < 5; i++) {
            template[i] = rows.get(i).stream().mapToDouble(Number::doubleValue).toArray();
        }
        Map<String, String> cameras = Map.of(
                "left", c.getString("dfmvr.ingest.multipie.cameras.left"),
                "front", c.getString("dfmvr.ingest.multipie.cameras.front"),
                "right", c.getString("dfmvr.ingest.multipie.cameras.right"));
        Map<String, Double> yaws = Map.of(
                "left", c.getDouble("dfmvr.ingest.multipie.yaws.left"),
                "front", c.getDouble("dfmvr.ingest.multipie.yaws.front"),
                "right", c.getDouble("dfmvr.ingest.multipie.yaws.right"));
        return new IngestSettings(
                c.getEnum("dfmvr.ingest.source", IngestJob.SOURCES),
                c.getString("dfmvr.ingest.input"), c.getString("dfmvr.ingest.output"), size,
                c.getInt("dfmvr.ingest.min-views", 1, 3),
                new Split(c.getDouble("dfmvr.ingest.split.train"), c.getDouble("dfmvr.ingest.split.val"),
                        c.getLong("dfmvr.run.seed")),
                (long) c.getInt("dfmvr.ingest.shard-target-mb", 1, 1 << 20) << 20,
                c.getLong("dfmvr.ingest.max-image-pixels"),
                c.getInt("dfmvr.ingest.weight-map-kernel", 1, 255),
                template, c.getDouble("dfmvr.ingest.alignment.pixels-per-mm-at-224") * size / 224.0,
                cameras, yaws,
                new Detector(c.getString("dfmvr.ingest.detector.model"),
                        c.getInt("dfmvr.ingest.detector.input-size", 32, 4096),
                        (float) c.getDouble("dfmvr.ingest.detector.score-threshold"),
                        (float) c.getDouble("dfmvr.ingest.detector.nms-iou")));
    }
}
