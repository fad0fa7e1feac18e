package org.dfmvr.bench.landmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.render.PngWriter;
import org.dfmvr.synth.SynthSettings;
import org.dfmvr.synth.SyntheticRenderer;
import org.dfmvr.synth.SyntheticSample;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the face crops of the 68-point landmark agreement test (dfmvr-core test resources {@code landmarks68/}):
 * faces of a morphable model (the ICT-FaceKit model by default) drawn with the project's synthetic renderer at
 * several yaws, expressions, lightings and backgrounds, each view cut to a box around its projected landmarks.
 *
 * <p>Writes {@code crops/<name>.png} and {@code crops.json} (per crop: size, subject, expression, yaw, lighting,
 * background, and the 68 projected model landmarks in the crop frame, the renderer's ground truth). Deterministic.
 *
 * <p>usage: {@code bench/run org.dfmvr.bench.landmarks.RenderReferenceCrops <out folder> [model spec]}
 */
public final class RenderReferenceCrops {
    /** Per sample: yaw of the side views (degrees), expression on or off, SH lighting sigma. */
    private record Plan(String subject, double sideYaw, boolean expression, double lightSigma) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan("s1", 15, false, 0.15), new Plan("s2", 25, true, 0.3), new Plan("s3", 35, false, 0.2),
            new Plan("s4", 45, true, 0.4), new Plan("s5", 55, false, 0.25), new Plan("s6", 20, true, 0.1),
            new Plan("s7", 30, true, 0.35), new Plan("s8", 60, true, 0.2));
    private static final int IMAGE_SIZE = 160;

    private RenderReferenceCrops() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RenderReferenceCrops <out folder> [model spec, default "
                    + "ict:../shared/data/ict-facekit/FaceXModel]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String spec = args.length > 1 ? args[1] : "ict:../shared/data/ict-facekit/FaceXModel";
        MorphableModel model = FaceModels.load(spec);
        Files.createDirectories(out.resolve("crops"));
        List<Map<String, Object>> crops = new ArrayList<>();
        int index = 0;
        for (Plan plan : PLANS) {
            SynthSettings settings = new SynthSettings(IMAGE_SIZE, List.of(-plan.sideYaw(), 0.0, plan.sideYaw()),
                    0, 4, 4, 1.0, 1.0, 0.3, plan.lightSigma(), 0.01, 0, SynthSettings.BACKGROUNDS);
            try (SyntheticRenderer renderer = new SyntheticRenderer(model, settings)) {
                SyntheticSample sample = renderer.render(17, plan.subject(), plan.expression() ? "e01" : "e00",
                        !plan.expression());
                for (SyntheticSample.View view : sample.views()) {
                    int[] box = box(view.landmarks68(), index % 5 == 4, index % 6 == 3);
                    String name = String.format("%02d_%s_%s_%s", index, plan.subject(), sample.expression(),
                            view.name());
                    BufferedImage full = PngWriter.toImage(view.image());
                    BufferedImage crop = new BufferedImage(box[2], box[3], BufferedImage.TYPE_INT_RGB);
                    crop.getGraphics().drawImage(full.getSubimage(box[0], box[1], box[2], box[3]), 0, 0, null);
                    PngWriter.write(crop, out.resolve("crops").resolve(name + ".png"));
                    float[] lm = new float[view.landmarks68().length];
                    for (int k = 0; k < lm.length / 2; k++) {
                        lm[2 * k] = view.landmarks68()[2 * k] - box[0];
                        lm[2 * k + 1] = view.landmarks68()[2 * k + 1] - box[1];
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", name);
                    row.put("file", "crops/" + name + ".png");
                    row.put("width", box[2]);
                    row.put("height", box[3]);
                    row.put("subject", plan.subject());
                    row.put("expression", sample.expression());
                    row.put("view", view.name());
                    row.put("yawDegrees", Math.round(view.yawDegrees() * 100) / 100.0);
                    row.put("lightSigma", plan.lightSigma());
                    row.put("background", view.background());
                    row.put("renderedLandmarks68", lm);
                    crops.add(row);
                    index++;
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", spec.replaceAll("^ict:.*", "ict (ICT-FaceKit FaceXModel)"));
        doc.put("imageSize", IMAGE_SIZE);
        doc.put("crops", crops);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("crops.json").toFile(),
                doc);
        System.out.println("wrote " + crops.size() + " crops to " + out);
    }

    /**
     * A box around the landmarks: square of 1.3 times their larger extent (exactly 112 px, the network's input, when
     * {@code exact}), centred on their bounding box (narrowed to 80 % of its width when {@code narrow}, to exercise
     * face-api's padding), moved and cut to fit the image.
     *
     * @return x, y, width, height in pixels
     */
    static int[] box(float[] lm, boolean narrow, boolean exact) {
        float x0 = Float.MAX_VALUE;
        float y0 = Float.MAX_VALUE;
        float x1 = -Float.MAX_VALUE;
        float y1 = -Float.MAX_VALUE;
        for (int k = 0; k < lm.length / 2; k++) {
            x0 = Math.min(x0, lm[2 * k]);
            x1 = Math.max(x1, lm[2 * k]);
            y0 = Math.min(y0, lm[2 * k + 1]);
            y1 = Math.max(y1, lm[2 * k + 1]);
        }
        int side = exact ? 112 : Math.min(IMAGE_SIZE, Math.max(112, Math.round(1.3f * Math.max(x1 - x0, y1 - y0))));
        int w = narrow ? Math.round(side * 0.8f) : side;
        int x = Math.round((x0 + x1) / 2 - w / 2f);
        int y = Math.round((y0 + y1) / 2 - side / 2f);
        x = Math.max(0, Math.min(IMAGE_SIZE - w, x));
        y = Math.max(0, Math.min(IMAGE_SIZE - side, y));
        return new int[]{x, y, w, side};
    }
}
