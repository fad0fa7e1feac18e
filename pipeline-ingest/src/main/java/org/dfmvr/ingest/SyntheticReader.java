package org.dfmvr.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;
import org.dfmvr.dataset.ViewRecord;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code synth} job's output ({@link SyntheticLayout}): every view has ground-truth parse labels and 68 landmarks,
 * and every sample its mesh and true coefficients. Five alignment points come from the 68 landmarks (eye centres =
 * means of iBUG 36-41 and 42-47, nose tip 30, mouth corners 48 and 54: image order for a frontal face).
 */
public final class SyntheticReader implements DatasetReader {
    private final IngestSettings settings;

    public SyntheticReader(IngestSettings settings) {
        this.settings = settings;
    }

    @Override
    public Listing list(FileSystem fs, String root) throws IOException {
        Map<String, Map<String, String>> dirs = new TreeMap<>(); // sample dir -> view -> png
        Map<String, Boolean> hasSample = new HashMap<>();
        for (Path p : InputFiles.list(fs, new Path(root))) {
            String dir = p.getParent().toString();
            String name = p.getName();
            if (name.equals(SyntheticLayout.SAMPLE)) {
                hasSample.put(dir, true);
                dirs.computeIfAbsent(dir, k -> new TreeMap<>());
            } else if (name.endsWith(".png") && !name.endsWith(".parse.png")
                    && ViewRecord.NAMES.contains(name.substring(0, name.length() - 4))) {
                dirs.computeIfAbsent(dir, k -> new TreeMap<>()).put(name.substring(0, name.length() - 4), p.toString());
            }
        }
        List<SampleRef> refs = new ArrayList<>();
        List<Quarantined> bad = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> d : dirs.entrySet()) {
            Path dir = new Path(d.getKey());
            String subject = dir.getParent().getName(), expression = dir.getName();
            String id = "synthetic/" + subject + "/" + expression;
            if (!hasSample.containsKey(d.getKey())) {
                bad.add(new Quarantined(d.getKey(), id, "list", "no " + SyntheticLayout.SAMPLE + " in " + d.getKey()));
            } else if (d.getValue().size() < settings.minViews()) {
                bad.add(new Quarantined(d.getKey(), id, "list", "missing_view: has " + d.getValue().keySet()
                        + ", needs " + settings.minViews()));
            } else {
                refs.add(new SampleRef(id, "synthetic/" + subject, expression, d.getValue(),
                        Map.of("sample", new Path(dir, SyntheticLayout.SAMPLE).toString(),
                                "mesh", new Path(dir, SyntheticLayout.MESH).toString())));
            }
        }
        return new Listing(refs, bad);
    }

    @Override
    public MultiViewSample read(FileSystem fs, SampleRef ref) {
        RawImages.RawFile sampleFile = RawImages.read(fs, ref.extras().get("sample"));
        JsonNode sample;
        try {
            sample = new ObjectMapper().readTree(sampleFile.bytes());
        } catch (IOException e) {
            throw new BadInputException("read", sampleFile.uri() + ": not valid JSON: " + e.getMessage());
        }
        double mmPerUnit = org.dfmvr.facemodel.LengthUnit.valueOf(sample.path("unit").asText("MM")).millimetresPerUnit();
        Map<String, Double> yaws = new HashMap<>();
        sample.path("views").forEach(v -> yaws.put(v.path("name").asText(), v.path("yaw_degrees").asDouble()));
        List<ViewRecord> views = new ArrayList<>();
        RawImages.RawFile meshFile = RawImages.read(fs, ref.extras().get("mesh"));
        GroundTruthMeshes.obj(meshFile);
        List<String> paths = new ArrayList<>(List.of(sampleFile.uri(), meshFile.uri()));
        List<String> sums = new ArrayList<>(List.of(sampleFile.sha256(), meshFile.sha256()));
        for (String view : ViewRecord.NAMES) {
            String uri = ref.views().get(view);
            if (uri == null) {
                continue;
            }
            String stem = uri.substring(0, uri.length() - ".png".length());
            RawImages.RawFile image = RawImages.read(fs, uri);
            RawImages.RawFile parse = RawImages.read(fs, stem + ".parse.png");
            RawImages.RawFile lm = RawImages.read(fs, stem + ".lm68.txt");
            for (RawImages.RawFile f : List.of(image, parse, lm)) {
                paths.add(f.uri());
                sums.add(f.sha256());
            }
            BufferedImage photo = RawImages.decode(image, settings.maxImagePixels());
            int[] labels = parseLabels(parse, photo, settings.maxImagePixels());
            float[] lm68 = parseLandmarks68(lm);
            views.add(ViewAligner.align(settings, view, uri, photo, fivePoints(lm68), lm68, labels, yaws.get(view)));
        }
        float[] lm3d = null;
        List<String> flags = new ArrayList<>();
        if (sample.path("landmarks3d101").isArray()) {
            lm3d = new float[303];
            for (int i = 0; i < 303; i++) {
                lm3d[i] = (float) (sample.path("landmarks3d101").get(i).asDouble() * mmPerUnit);
            }
        } else {
            flags.add("no_lm3d");
        }
        return new MultiViewSample(ref.sampleId(), ref.subjectId(), ref.expressionId(), "synthetic",
                settings.split().of(ref.subjectId()), views, lm3d, ref.extras().get("mesh"), flags, paths, sums);
    }

    /** Parse labels [H,W] 0..9 of an 8-bit gray PNG that must have {@code photo}'s size. */
    public static int[] parseLabels(RawImages.RawFile parse, BufferedImage photo, long maxPixels) {
        BufferedImage labelsImage = RawImages.decode(parse, maxPixels);
        int[] labels = new int[photo.getWidth() * photo.getHeight()];
        if (labelsImage.getWidth() != photo.getWidth() || labelsImage.getHeight() != photo.getHeight()) {
            throw new BadInputException("read", parse.uri() + ": " + labelsImage.getWidth() + "x"
                    + labelsImage.getHeight() + " but the photo is " + photo.getWidth() + "x" + photo.getHeight());
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelsImage.getRGB(i % photo.getWidth(), i / photo.getWidth()) & 0xff;
        }
        return labels;
    }

    /** iBUG-68 landmarks [68,2] (pixels, x right, y down) of a text file of 68 lines "x y". */
    public static float[] parseLandmarks68(RawImages.RawFile file) {
        String[] lines = new String(file.bytes(), StandardCharsets.UTF_8).strip().split("\\R");
        if (lines.length != 68) {
            throw new BadInputException("read", file.uri() + ": expected 68 lines 'x y', got " + lines.length);
        }
        float[] out = new float[136];
        for (int i = 0; i < 68; i++) {
            String[] xy = lines[i].strip().split("\\s+");
            try {
                out[2 * i] = Float.parseFloat(xy[0]);
                out[2 * i + 1] = Float.parseFloat(xy[1]);
            } catch (RuntimeException e) {
                throw new BadInputException("read", file.uri() + " line " + (i + 1) + ": '" + lines[i] + "'");
            }
            if (!Float.isFinite(out[2 * i]) || !Float.isFinite(out[2 * i + 1])) {
                throw new BadInputException("read", file.uri() + " line " + (i + 1) + ": landmark is not finite: '"
                        + lines[i] + "'");
            }
        }
        return out;
    }

    /** Five alignment points from iBUG-68 landmarks [68,2]. */
    public static double[][] fivePoints(float[] lm68) {
        double[][] p = new double[5][2];
        for (int k = 36; k < 42; k++) {
            p[0][0] += lm68[2 * k] / 6.0;
            p[0][1] += lm68[2 * k + 1] / 6.0;
            p[1][0] += lm68[2 * (k + 6)] / 6.0;
            p[1][1] += lm68[2 * (k + 6) + 1] / 6.0;
        }
        int[] single = {30, 48, 54};
        for (int i = 0; i < 3; i++) {
            p[2 + i][0] = lm68[2 * single[i]];
            p[2 + i][1] = lm68[2 * single[i] + 1];
        }
        return p;
    }
}
