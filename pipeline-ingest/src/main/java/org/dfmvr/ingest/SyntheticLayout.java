package org.dfmvr.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.render.PngWriter;
import org.dfmvr.synth.SyntheticSample;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The on-disk layout of a synthetic dataset, written like a real dataset would be (so ingest reads it through the
 * same path as any other source):
 *
 * <pre>
 * &lt;root&gt;/_manifest.json                       model spec, unit, seed, settings, counts
 * &lt;root&gt;/&lt;subject&gt;/&lt;expression&gt;/sample.json  true coefficients, per-view pose/yaw/background, 7 (and 101) 3D points
 * &lt;root&gt;/&lt;subject&gt;/&lt;expression&gt;/mesh.obj     ground-truth mesh, model frame and unit, albedo as vertex colours
 * &lt;root&gt;/&lt;subject&gt;/&lt;expression&gt;/mesh.lm7     its 7 alignment points (eye corners, nose tip, mouth corners), 7 lines "x y z"
 * &lt;root&gt;/&lt;subject&gt;/&lt;expression&gt;/&lt;view&gt;.png  RGB photo; &lt;view&gt;.parse.png labels 0..9 (8-bit gray)
 * &lt;root&gt;/&lt;subject&gt;/&lt;expression&gt;/&lt;view&gt;.lm68.txt  68 lines "x y", pixels (x right, y down, corner origin)
 * </pre>
 */
public final class SyntheticLayout {
    public static final String MANIFEST = "_manifest.json";
    public static final String SAMPLE = "sample.json";
    public static final String MESH = "mesh.obj";
    public static final String LANDMARKS7 = "mesh.lm7";

    private SyntheticLayout() {
    }

    static void write(FileSystem fs, Path root, SyntheticSample s, String modelSpec, String unit) throws IOException {
        Path dir = new Path(new Path(root, s.subject()), s.expression());
        List<Map<String, Object>> views = new ArrayList<>();
        for (SyntheticSample.View v : s.views()) {
            writeBytes(fs, new Path(dir, v.name() + ".png"), png(PngWriter.toImage(v.image())));
            int[] labels = v.parse().labels();
            writeBytes(fs, new Path(dir, v.name() + ".parse.png"), RawImages.grayPng(labels, v.parse().width(),
                    v.parse().height()));
            StringBuilder lm = new StringBuilder();
            for (int k = 0; k < v.landmarks68().length; k += 2) {
                lm.append(String.format(Locale.ROOT, "%.4f %.4f%n", v.landmarks68()[k], v.landmarks68()[k + 1]));
            }
            writeBytes(fs, new Path(dir, v.name() + ".lm68.txt"), lm.toString().getBytes(StandardCharsets.UTF_8));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", v.name());
            view.put("yaw_degrees", v.yawDegrees());
            view.put("angles_rad", v.angles());
            view.put("translation", v.translation());
            view.put("background", v.background());
            views.add(view);
        }
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("subject", s.subject());
        sample.put("expression", s.expression());
        sample.put("model", modelSpec);
        sample.put("unit", unit);
        sample.put("id", s.id());
        sample.put("exp", s.exp());
        sample.put("tex", s.tex());
        sample.put("gamma", s.gamma());
        sample.put("views", views);
        sample.put("alignment7", s.alignment7());
        sample.put("landmarks3d101", s.landmarks3d101());
        writeBytes(fs, new Path(dir, SAMPLE), json(sample));
        StringBuilder lm7 = new StringBuilder(); // the 7 alignment points, for eval's registration (docs/eval.md)
        for (int k = 0; k < s.alignment7().length; k += 3) {
            lm7.append(String.format(Locale.ROOT, "%s %s %s%n", s.alignment7()[k], s.alignment7()[k + 1],
                    s.alignment7()[k + 2]));
        }
        writeBytes(fs, new Path(dir, LANDMARKS7), lm7.toString().getBytes(StandardCharsets.UTF_8));
        java.nio.file.Path tmp = Files.createTempFile("dfmvr-mesh", ".obj");
        try {
            ObjIo.write(s.mesh(), tmp);
            writeBytes(fs, new Path(dir, MESH), Files.readAllBytes(tmp));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static byte[] json(Object value) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value);
    }

    static byte[] png(java.awt.image.BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static void writeBytes(FileSystem fs, Path path, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        }
    }
}
