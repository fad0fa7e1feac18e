package org.dfmvr.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bosphorus landmark files, {@code .lm3} (3D, mm) and {@code .lm2} (2D, texture-image pixels).
 *
 * <p>{@code .lm3} (menpo's lm3 importer): lines starting with {@code #} are comments; the first data line is
 * {@code <n> landmarks}; then, per landmark, a label line and an {@code x y z} line. {@code .lm2} (BosphorusDBdriver):
 * the same count line, then the n labels, then n {@code x y} lines. A file may hold fewer than the 22 landmarks when
 * some were not visible.
 */
public final class LandmarkFile {
    private LandmarkFile() {
    }

    /** Label to coordinates ({@code dims} values each), in file order. */
    public static Map<String, double[]> parse(byte[] bytes, String file, int dims) {
        List<String> lines = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
        for (int i = 0; i < all.length; i++) {
            String l = all[i].strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                lines.add(l);
                lineNumbers.add(i + 1);
            }
        }
        if (lines.isEmpty() || !lines.get(0).matches("\\d+\\s+landmarks")) {
            throw new MalformedFileException(file, "line " + (lineNumbers.isEmpty() ? 1 : lineNumbers.get(0)),
                    "expected '<n> landmarks', got '" + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        int n = Integer.parseInt(lines.get(0).split("\\s+")[0]);
        if (lines.size() < 1 + 2 * n) {
            throw new MalformedFileException(file, "end", "declares " + n + " landmarks but has " + (lines.size() - 1)
                    + " data lines, need " + 2 * n);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            // lm3: label, coords interleaved; lm2: all labels first, then all coords
            int labelAt = dims == 3 ? 1 + 2 * i : 1 + i;
            int coordsAt = dims == 3 ? 2 + 2 * i : 1 + n + i;
            String[] parts = lines.get(coordsAt).split("\\s+");
            if (parts.length != dims) {
                throw new MalformedFileException(file, "line " + lineNumbers.get(coordsAt), "expected " + dims
                        + " numbers, got '" + lines.get(coordsAt) + "'");
            }
            double[] xyz = new double[dims];
            for (int d = 0; d < dims; d++) {
                try {
                    xyz[d] = Double.parseDouble(parts[d]);
                } catch (NumberFormatException e) {
                    throw new MalformedFileException(file, "line " + lineNumbers.get(coordsAt), "not a number: '"
                            + parts[d] + "'");
                }
            }
            out.put(lines.get(labelAt), xyz);
        }
        return out;
    }
}
