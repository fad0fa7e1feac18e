package org.dfmvr.infer;

import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.fitting.LandmarkFitSettings;
import org.dfmvr.ingest.IngestSettings;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * The validated settings of one infer run ({@code dfmvr.infer.*}, documented in conf/reference/infer.conf); raw
 * photos are aligned with ingest's settings ({@code dfmvr.ingest.alignment.*}, {@code max-image-pixels},
 * {@code detector.*}) at the bundle's image size.
 *
 * @param model        model bundle URI ({@code org.dfmvr.bundle.ModelBundle})
 * @param input        ingest shards (a folder holding {@code v1/}), a photo folder tree, or a manifest CSV file
 * @param out          output folder (any Hadoop URI)
 * @param meshFormat   {@code obj} or {@code ply} (binary little-endian), both with vertex colours
 * @param overlay      also write a 3-view overlay PNG per sample
 * @param batchSize    samples per network call, &gt;= 1
 * @param minViews     fewer present views than this -&gt; quarantined, 1..3
 * @param archiveRoots manifest and photo paths must resolve under one of these; empty = the input's own folder
 * @param quality      {@code low_quality} thresholds
 * @param texture      texture baking (off, or OBJ + MTL + PNG for face models with UVs)
 * @param landmarkFit  the refinement of each reconstruction against its views' stored landmarks
 * @param ingest       ingest's alignment settings (image size replaced by the bundle's at run time)
 * @param removeMissing drop the results and files of samples that are no longer in the input; off = keep them
 */
public record InferSettings(String model, String input, String out, String meshFormat, boolean overlay,
                            int batchSize, int minViews, List<String> archiveRoots, QualitySettings quality,
                            TextureSettings texture, LandmarkFitSettings landmarkFit, IngestSettings ingest,
                            boolean removeMissing) implements Serializable {
    public static final Set<String> MESH_FORMATS = Set.of("obj", "ply");

    public InferSettings {
        archiveRoots = List.copyOf(archiveRoots);
    }

    public static InferSettings from(DfmvrConfig c) {
        String model = c.getString("dfmvr.infer.model");
        if (model.isBlank()) {
            throw new ConfigError("dfmvr.infer.model", "must name a model bundle folder (--model), got ''");
        }
        QualitySettings quality;
        try {
            quality = new QualitySettings(c.getDouble("dfmvr.infer.quality.max-landmark-error-px"),
                    c.getDouble("dfmvr.infer.quality.max-photometric-residual"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("dfmvr.infer.quality", e.getMessage());
        }
        TextureSettings texture;
        try {
            texture = new TextureSettings(c.getBoolean("dfmvr.infer.texture.bake"),
                    c.getInt("dfmvr.infer.texture.size", 1, 8192), c.getDouble("dfmvr.infer.texture.angle-exponent"),
                    c.getDouble("dfmvr.infer.texture.depth-tolerance-mm"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("dfmvr.infer.texture", e.getMessage());
        }
        LandmarkFitSettings landmarkFit;
        try {
            landmarkFit = new LandmarkFitSettings(c.getBoolean("dfmvr.infer.landmark-fit.enabled"),
                    c.getInt("dfmvr.infer.landmark-fit.max-iterations", 1, 10_000),
                    c.getDouble("dfmvr.infer.landmark-fit.landmark-sigma-px"),
                    c.getDouble("dfmvr.infer.landmark-fit.id-prior-sigma"),
                    c.getDouble("dfmvr.infer.landmark-fit.exp-prior-sigma"),
                    LandmarkFitSettings.RobustLoss.valueOf(c.getEnum("dfmvr.infer.landmark-fit.robust",
                            Set.of("none", "huber", "tukey")).toUpperCase(java.util.Locale.ROOT)),
                    c.getDouble("dfmvr.infer.landmark-fit.robust-scale-px"),
                    c.getDouble("dfmvr.infer.landmark-fit.prior-weight"),
                    c.getBoolean("dfmvr.infer.landmark-fit.use-detected"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("dfmvr.infer.landmark-fit", e.getMessage());
        }
        String meshFormat = c.getEnum("dfmvr.infer.mesh-format", MESH_FORMATS);
        if (texture.bake() && !meshFormat.equals("obj")) {
            throw new ConfigError("dfmvr.infer.texture.bake", "a baked texture needs dfmvr.infer.mesh-format = obj"
                    + " (OBJ + MTL + PNG), got mesh-format = " + meshFormat);
        }
        return new InferSettings(model, c.getString("dfmvr.infer.input"), c.getString("dfmvr.infer.out"),
                meshFormat, c.getBoolean("dfmvr.infer.overlay"),
                c.getInt("dfmvr.infer.batch-size", 1, 4096), c.getInt("dfmvr.infer.min-views", 1, 3),
                c.getStringList("dfmvr.infer.archive-roots"), quality, texture, landmarkFit, IngestSettings.from(c),
                c.getBoolean("dfmvr.infer.remove-missing"));
    }
}
