package org.dfmvr.infer;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.ingest.RawImages;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.PlyIo;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.output.SampleFileNames;
import org.dfmvr.render.ContactSheet;
import org.dfmvr.render.PngWriter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-sample files of an infer output folder, named as the eval job expects (docs/eval.md, prediction contract):
 * <pre>
 * &lt;out&gt;/&lt;stem&gt;.obj|ply            expression mesh, mm, vertex colours
 * &lt;out&gt;/neutral/&lt;stem&gt;.obj|ply    neutral mesh (expression zeroed)
 * &lt;out&gt;/overlay/&lt;stem&gt;.png        optional 3-view overlay
 * &lt;out&gt;/&lt;stem&gt;.mtl, &lt;stem&gt;.png    baked texture (textured OBJ only; both meshes use it)
 * </pre>
 * where {@code stem} is the sample id's injective file name ({@link SampleFileNames#stem}: {@code /} as {@code __},
 * other special characters escaped as {@code ~XX}).
 */
public final class OutputFiles {
    public static final String NEUTRAL = "neutral";
    public static final String OVERLAY = "overlay";

    private OutputFiles() {
    }

    public static String stem(String sampleId) {
        return SampleFileNames.stem(sampleId);
    }

    /** Relative paths (to the output folder) of a sample's files. */
    public static ResultRows.Paths relative(String sampleId, String meshFormat, boolean overlay, boolean texture) {
        String name = stem(sampleId) + "." + meshFormat;
        return new ResultRows.Paths(name, NEUTRAL + "/" + name, overlay ? OVERLAY + "/" + stem(sampleId) + ".png"
                : null, texture ? stem(sampleId) + ".png" : null);
    }

    /** The material file beside a texture: {@code <stem>.mtl} for {@code <stem>.png}. */
    public static String material(String texture) {
        return texture.substring(0, texture.length() - ".png".length()) + ".mtl";
    }

    /**
     * Writes the expression and neutral meshes of {@code r} under {@code dir} at {@code rel}'s paths; with a baked
     * texture also the material and the PNG, both meshes as textured OBJ pointing at the one material.
     */
    public static void writeMeshes(FileSystem fs, Reconstruction r, Path dir, ResultRows.Paths rel, String format)
            throws IOException {
        if (r.texture() == null) {
            writeLocal(fs, new Path(dir, rel.mesh()), format, f -> write(r.mesh(), f, format));
            writeLocal(fs, new Path(dir, rel.neutralMesh()), format, f -> write(r.neutral(), f, format));
            return;
        }
        String material = material(rel.texture());
        float[] uvs = r.texture().uvs();
        writeLocal(fs, new Path(dir, rel.mesh()), format, f -> ObjIo.writeTextured(r.mesh(), uvs, material, "face", f));
        writeLocal(fs, new Path(dir, rel.neutralMesh()), format,
                f -> ObjIo.writeTextured(r.neutral(), uvs, "../" + material, "face", f));
        writeLocal(fs, new Path(dir, material), "mtl", f -> ObjIo.writeMaterial("face", rel.texture(), f));
        try (OutputStream out = fs.create(new Path(dir, rel.texture()), true)) {
            out.write(RawImages.png(PngWriter.toImage(r.texture().image())));
        }
    }

    private static void write(TriangleMesh mesh, java.nio.file.Path file, String format) throws IOException {
        if (format.equals("ply")) {
            PlyIo.write(mesh, file, PlyIo.Format.BINARY_LITTLE_ENDIAN);
        } else {
            ObjIo.write(mesh, file);
        }
    }

    private interface LocalWriter {
        void write(java.nio.file.Path file) throws IOException;
    }

    /** Writes one file to {@code target} through a local temp file (the mesh writers take a local path). */
    private static void writeLocal(FileSystem fs, Path target, String suffix, LocalWriter writer) throws IOException {
        java.nio.file.Path tmp = Files.createTempFile("dfmvr-infer", "." + suffix);
        try {
            writer.write(tmp);
            fs.copyFromLocalFile(false, true, new Path(tmp.toUri()), target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A review image: per network view (left, front, right) the input crop with the shaded render blended 50% over
     * the rendered face, captioned with the view's quality numbers; an absent view is a grey tile.
     */
    public static void writeOverlay(FileSystem fs, MultiViewSample sample, Reconstruction r, Path target)
            throws IOException {
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Reconstruction.ViewResult v : r.views()) {
            ViewRecord input = sample.views().stream().filter(x -> x.view().equals(v.view())).findFirst().orElse(null);
            if (!v.present() || input == null) {
                int size = r.views().stream().filter(Reconstruction.ViewResult::present).findFirst()
                        .map(x -> x.render().width()).orElse(64);
                BufferedImage grey = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = grey.createGraphics();
                g.setColor(java.awt.Color.GRAY);
                g.fillRect(0, 0, size, size);
                g.dispose();
                tiles.add(grey);
                captions.add(v.view() + ": absent");
                continue;
            }
            BufferedImage photo = ImageIO.read(new ByteArrayInputStream(input.imagePng()));
            BufferedImage tile = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < photo.getHeight(); y++) {
                for (int x = 0; x < photo.getWidth(); x++) {
                    int p = y * photo.getWidth() + x;
                    int rgb = photo.getRGB(x, y);
                    if (v.mask().data()[p] > 0.5f) {
                        int out = 0;
                        for (int c = 0; c < 3; c++) {
                            int in = (rgb >> (16 - 8 * c)) & 0xff;
                            int re = Math.round(Math.max(0f, Math.min(1f, v.render().data()[3 * p + c])) * 255f);
                            out |= ((in + re) / 2) << (16 - 8 * c);
                        }
                        rgb = out;
                    }
                    tile.setRGB(x, y, rgb);
                }
            }
            tiles.add(tile);
            captions.add(String.format(Locale.ROOT, "%s lm %.1fpx ph %.3f", v.view(), v.landmarkErrorPx(),
                    v.photometricResidual()));
        }
        try (OutputStream out = fs.create(target, true)) {
            out.write(RawImages.png(ContactSheet.compose(tiles, captions)));
        }
    }
}
