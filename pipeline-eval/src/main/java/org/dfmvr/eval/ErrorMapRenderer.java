package org.dfmvr.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.dfmvr.mesh.MeshNormals;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.render.FloatImage;
import org.dfmvr.render.Fragments;
import org.dfmvr.render.PngWriter;
import org.dfmvr.render.RasterSettings;
import org.dfmvr.render.ParallelRasterizer;
import org.dfmvr.render.VertexShading;

/**
 * Per-vertex error as a colour map on the ground-truth face, seen from the front (+z), like the DF-MVR paper's
 * Fig. 8: cropped vertices coloured by their error from blue (0 mm) through cyan, green and yellow to red
 * ({@code maxMm} and above), vertices outside the crop light grey; Lambert shading from the viewing direction keeps
 * the shape readable. Orthographic projection scaled so the cropped vertices fill 90% of the image.
 */
public final class ErrorMapRenderer {
    /** Colour-map stops, [5,3] linear RGB in [0,1] at 0, 1/4, 1/2, 3/4 and 1 of the range ("jet"-like). */
    static final float[][] STOPS = {{0f, 0f, 0.8f}, {0f, 0.8f, 1f}, {0.1f, 0.85f, 0.2f}, {1f, 0.9f, 0f}, {0.9f, 0f, 0f}};
    private static final float[] OUTSIDE = {0.82f, 0.82f, 0.82f};
    private static final float[] BACKGROUND = {1f, 1f, 1f};

    private ErrorMapRenderer() {
    }

    /**
     * @param scan          the ground-truth mesh, scan unit, face towards +z
     * @param vertexIndices [K] 0-based ids of the scan vertices that have an error
     * @param errorsMm      [K] their errors, mm
     * @param maxMm         error drawn in the top colour, mm, &gt; 0
     * @param size          image side, pixels
     * @return the PNG file's bytes
     */
    public static byte[] renderPng(TriangleMesh scan, int[] vertexIndices, double[] errorsMm, double maxMm, int size) {
        if (vertexIndices.length != errorsMm.length || vertexIndices.length == 0) {
            throw new IllegalArgumentException("vertexIndices [K] and errorsMm [K] must be equally long and non-empty, "
                    + "got " + vertexIndices.length + " and " + errorsMm.length);
        }
        float[] p = scan.positions();
        float[] colors = new float[p.length];
        for (int v = 0; v < scan.vertexCount(); v++) {
            System.arraycopy(OUTSIDE, 0, colors, 3 * v, 3);
        }
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        double minZ = Double.MAX_VALUE, maxZ = -Double.MAX_VALUE;
        for (int k = 0; k < vertexIndices.length; k++) {
            int v = vertexIndices[k];
            System.arraycopy(color(errorsMm[k] / maxMm), 0, colors, 3 * v, 3);
            minX = Math.min(minX, p[3 * v]);
            maxX = Math.max(maxX, p[3 * v]);
            minY = Math.min(minY, p[3 * v + 1]);
            maxY = Math.max(maxY, p[3 * v + 1]);
        }
        for (int v = 0; v < scan.vertexCount(); v++) {
            minZ = Math.min(minZ, p[3 * v + 2]);
            maxZ = Math.max(maxZ, p[3 * v + 2]);
        }
        float[] normals = MeshNormals.vertexNormals(scan);
        for (int v = 0; v < scan.vertexCount(); v++) {
            float light = (float) (0.35 + 0.65 * Math.max(0, normals[3 * v + 2]));
            for (int c = 0; c < 3; c++) {
                colors[3 * v + c] *= light;
            }
        }
        double scale = 0.9 * size / Math.max(1e-12, Math.max(maxX - minX, maxY - minY));
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
        float[] screen = new float[p.length];
        for (int v = 0; v < scan.vertexCount(); v++) {
            screen[3 * v] = (float) (size / 2.0 + (p[3 * v] - cx) * scale);
            screen[3 * v + 1] = (float) (size / 2.0 - (p[3 * v + 1] - cy) * scale);
            screen[3 * v + 2] = (float) (1 + (maxZ - p[3 * v + 2]) / Math.max(1e-12, maxZ - minZ));
        }
        RasterSettings settings = new RasterSettings(size, size, false, RasterSettings.DEFAULT_NEAR_DEPTH, false, 1);
        Fragments fragments;
        try (ParallelRasterizer rasterizer = new ParallelRasterizer(settings)) {
            fragments = rasterizer.rasterize(screen, scan.triangles());
        }
        FloatImage image = VertexShading.rgb(fragments, scan.triangles(), colors, BACKGROUND);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(PngWriter.toImage(image), "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding to memory failed", e);
        }
        return png.toByteArray();
    }

    /** The colour of a relative error t (error / max), clamped to [0,1]; [3] linear RGB. */
    static float[] color(double t) {
        double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 1 : t)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(x));
        float f = (float) (x - i);
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            out[c] = STOPS[i][c] + f * (STOPS[i + 1][c] - STOPS[i][c]);
        }
        return out;
    }
}
