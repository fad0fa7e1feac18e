package org.dfmvr.landmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed landmark test crops (test resources {@code landmarks68/}, README there): rendered faces, the
 * original face-api network's outputs on them ({@code reference.json}) and the renderer's projected landmarks.
 */
final class ReferenceCrops {
    static final String FOLDER = "/landmarks68/";

    /**
     * One crop.
     *
     * @param reference [68,2] face-api's output in the crop pixel frame
     * @param rendered  [68,2] the face model's landmark vertices projected by the renderer, crop pixel frame
     */
    record Crop(String name, BufferedImage image, double yawDegrees, float[] reference, float[] rendered) {
        int width() {
            return image.getWidth();
        }

        int height() {
            return image.getHeight();
        }

        /** Pixels of the network's 112 input per crop pixel. */
        double netScale() {
            return (double) Landmark68Net.INPUT_SIZE / Math.max(width(), height());
        }
    }

    private static List<Crop> all;

    private ReferenceCrops() {
    }

    static synchronized List<Crop> all() {
        if (all == null) {
            try {
                ObjectMapper json = new ObjectMapper();
                JsonNode reference = json.readTree(resource("reference.json"));
                JsonNode crops = json.readTree(resource("crops.json"));
                List<Crop> out = new ArrayList<>();
                for (int i = 0; i < reference.path("crops").size(); i++) {
                    JsonNode r = reference.path("crops").get(i);
                    JsonNode c = crops.path("crops").get(i);
                    if (!r.path("name").asText().equals(c.path("name").asText())) {
                        throw new IllegalStateException("reference.json and crops.json list different crops at " + i);
                    }
                    BufferedImage image;
                    try (InputStream in = resource(r.path("file").asText())) {
                        image = ImageIO.read(in);
                    }
                    out.add(new Crop(r.path("name").asText(), image, c.path("yawDegrees").asDouble(),
                            floats(r.path("landmarks68")), floats(c.path("renderedLandmarks68"))));
                }
                all = List.copyOf(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ReferenceCrops.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException("test resource " + FOLDER + name + " is missing");
        }
        return in;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
