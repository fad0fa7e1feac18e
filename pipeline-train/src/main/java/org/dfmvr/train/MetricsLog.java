package org.dfmvr.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per-step training metrics as JSON lines ({@code metrics.jsonl}: one object per step with every loss term, the
 * learning rate, samples/s, per-worker throughput, memory) next to the checkpoints, plus a loss-curve PNG.
 *
 * <p>Hadoop filesystems cannot be appended to portably, so the whole file is rewritten (temp + rename) at each
 * {@link #flush()}; runs log thousands of steps, not millions, so this stays cheap.
 */
public final class MetricsLog {
    public static final String FILE = "metrics.jsonl";
    public static final String CURVE = "loss-curve.png";
    private final FileSystem fs;
    private final Path dir;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final String runId;

    public MetricsLog(String dirUri, Configuration conf) throws IOException {
        this(dirUri, conf, null);
    }

    /** @param runId written as {@code run_id} into every row this log adds ({@code null}: none) */
    public MetricsLog(String dirUri, Configuration conf, String runId) throws IOException {
        this.dir = new Path(dirUri);
        this.fs = dir.getFileSystem(conf);
        this.runId = runId;
    }

    /** One step's numbers; {@code values} keys become JSON fields (e.g. {@code loss}, {@code loss_photo}, {@code lr}). */
    public void step(int epoch, long step, Map<String, ? extends Number> values) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (runId != null) {
            row.put("run_id", runId);
        }
        row.put("epoch", epoch);
        row.put("step", step);
        row.put("time_ms", System.currentTimeMillis());
        row.putAll(values);
        rows.add(row);
    }

    /** Rows logged so far (also after a resume: the caller re-loads them with {@link #load()}). */
    public List<Map<String, Object>> rows() {
        return List.copyOf(rows);
    }

    /** Reads an existing {@code metrics.jsonl} (a resumed run continues it). */
    @SuppressWarnings("unchecked")
    public void load() throws IOException {
        Path file = new Path(dir, FILE);
        if (!fs.exists(file)) {
            return;
        }
        String text;
        try (var in = fs.open(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        rows.clear();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                rows.add(json.readValue(line, LinkedHashMap.class));
            }
        }
    }

    /** Drops the loaded rows of epoch {@code epoch} and later (a resumed run trains those epochs again). */
    public void retainEpochsBefore(int epoch) {
        rows.removeIf(r -> r.get("epoch") instanceof Number n && n.intValue() >= epoch);
    }

    /** Writes {@code metrics.jsonl} and the loss-curve PNG, each atomically. */
    public void flush() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> row : rows) {
            sb.append(json.writeValueAsString(row)).append('\n');
        }
        writeAtomically(FILE, sb.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(lossCurve(), "png", png);
        writeAtomically(CURVE, png.toByteArray());
    }

    /** Writes {@code value} as pretty JSON to {@code name} next to the metrics, atomically (e.g. the preflight). */
    public void writeJson(String name, Object value) throws IOException {
        writeAtomically(name, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    private void writeAtomically(String name, byte[] bytes) throws IOException {
        Path tmp = new Path(dir, "." + name + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        Path target = new Path(dir, name);
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }

    /** Every {@code loss*} series against the step, log scale, one colour each. */
    BufferedImage lossCurve() {
        int w = 800, h = 450, left = 70, right = 170, top = 30, bottom = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        TreeSet<String> series = new TreeSet<>();
        double minStep = Double.MAX_VALUE, maxStep = -Double.MAX_VALUE, minV = Double.MAX_VALUE, maxV = -Double.MAX_VALUE;
        for (Map<String, Object> r : rows) {
            double step = ((Number) r.get("step")).doubleValue();
            minStep = Math.min(minStep, step);
            maxStep = Math.max(maxStep, step);
            for (Map.Entry<String, Object> e : r.entrySet()) {
                if (e.getKey().startsWith("loss") && e.getValue() instanceof Number n && n.doubleValue() > 0
                        && Double.isFinite(n.doubleValue())) {
                    series.add(e.getKey());
                    minV = Math.min(minV, Math.log10(n.doubleValue()));
                    maxV = Math.max(maxV, Math.log10(n.doubleValue()));
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.drawString("step", w / 2 - right / 2, h - 15);
        g.drawString("loss (log10)", 5, top - 10);
        if (series.isEmpty()) {
            g.drawString("no loss values yet", left + 20, top + 30);
            g.dispose();
            return img;
        }
        if (maxStep == minStep) {
            maxStep = minStep + 1;
        }
        if (maxV == minV) {
            maxV = minV + 1;
        }
        g.drawString(String.format(Locale.ROOT, "%.2g", Math.pow(10, maxV)), 5, top + 10);
        g.drawString(String.format(Locale.ROOT, "%.2g", Math.pow(10, minV)), 5, h - bottom);
        g.drawString(String.format(Locale.ROOT, "%.0f", minStep), left, h - bottom + 15);
        g.drawString(String.format(Locale.ROOT, "%.0f", maxStep), w - right - 30, h - bottom + 15);
        Color[] palette = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
                new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
        int k = 0;
        for (String name : series) {
            g.setColor(palette[k % palette.length]);
            g.setStroke(new BasicStroke(name.equals("loss") ? 2.2f : 1.2f));
            int px = -1, py = -1;
            for (Map<String, Object> r : rows) {
                if (!(r.get(name) instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
                    continue;
                }
                int x = left + (int) ((((Number) r.get("step")).doubleValue() - minStep) / (maxStep - minStep)
                        * (w - left - right));
                int y = h - bottom - (int) ((Math.log10(n.doubleValue()) - minV) / (maxV - minV) * (h - top - bottom));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawString(name, w - right + 10, top + 15 + 16 * k);
            k++;
        }
        g.dispose();
        return img;
    }
}
