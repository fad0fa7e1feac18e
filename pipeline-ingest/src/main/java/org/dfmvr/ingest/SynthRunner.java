package org.dfmvr.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.output.AtomicOutput;
import org.dfmvr.progress.ProgressLog;
import org.dfmvr.render.ContactSheet;
import org.dfmvr.synth.SynthSettings;
import org.dfmvr.synth.SyntheticRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The synth job: renders {@code subjects x expressions} samples on the executors (one model load per executor JVM)
 * into {@link SyntheticLayout}, in a temporary folder that replaces {@code output} whole at the end.
 */
public final class SynthRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SynthRunner.class);
    /** Models by spec, one per executor JVM (building or importing one takes seconds). */
    private static final Map<String, MorphableModel> MODELS = new ConcurrentHashMap<>();
    /** The job kind in the marker of synth's output folders ({@link org.dfmvr.output.OutputOwnership}). */
    public static final String JOB_KIND = "synth";

    private SynthRunner() {
    }

    /** What to generate; {@code seed} drives every random draw. */
    public record Job(String output, String modelSpec, int subjects, int expressions, long seed, boolean preview,
                      SynthSettings render) implements Serializable {
    }

    /** @return the number of samples written */
    public static long run(SparkSession spark, Job job, Duration progressInterval) throws IOException {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        FileSystem fs = new Path(job.output()).getFileSystem(hadoop);
        Path output = fs.makeQualified(new Path(job.output()));
        MorphableModel model = model(job.modelSpec()); // fail fast on the driver with a clear message

        List<String[]> tasks = new ArrayList<>();
        for (int s = 0; s < job.subjects(); s++) {
            for (int e = 0; e < job.expressions(); e++) {
                tasks.add(new String[] {String.format("s%04d", s), String.format("e%02d", e)});
            }
        }
        // the output is replaced whole, and only when it is new, empty or an earlier synth output (AtomicOutput)
        AtomicOutput.replace(fs, output, JOB_KIND, (f, tmp) -> {
            LongAccumulator done = sc.sc().longAccumulator("synth-rendered");
            SerializableConfiguration conf = new SerializableConfiguration(hadoop);
            String tmpUri = tmp.toString();
            int partitions = Math.max(1, Math.min(tasks.size(), sc.defaultParallelism() * 2));
            try (ProgressLog progress = new ProgressLog("synth render", tasks.size(), "samples", done::value,
                    progressInterval)) {
                sc.parallelize(tasks, partitions).foreachPartition(part -> {
                    FileSystem out = new Path(tmpUri).getFileSystem(conf.value());
                    MorphableModel m = model(job.modelSpec());
                    try (SyntheticRenderer renderer = new SyntheticRenderer(m, job.render())) {
                        while (part.hasNext()) {
                            String[] t = part.next();
                            SyntheticLayout.write(out, new Path(tmpUri), renderer.render(job.seed(), t[0], t[1],
                                    t[1].equals("e00")), job.modelSpec(), m.unit().name());
                            done.add(1);
                        }
                    }
                });
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("generator", "dfmvr synth");
            manifest.put("model", job.modelSpec());
            manifest.put("model_id", model.id());
            manifest.put("unit", model.unit().name());
            manifest.put("seed", job.seed());
            manifest.put("subjects", job.subjects());
            manifest.put("expressions", job.expressions());
            manifest.put("samples", tasks.size());
            manifest.put("settings", job.render());
            SyntheticLayout.writeBytes(fs, new Path(tmp, SyntheticLayout.MANIFEST), SyntheticLayout.json(manifest));
            if (job.preview()) {
                SyntheticLayout.writeBytes(fs, new Path(tmp, "preview.png"), SyntheticLayout.png(
                        preview(fs, tmp, tasks.subList(0, Math.min(4, tasks.size())), job.render())));
            }
        });
        LOG.info("synth done: {} samples ({} subjects x {} expressions x {} views, {} px, model {}) in {} s -> {}",
                tasks.size(), job.subjects(), job.expressions(), job.render().yawsDegrees().size(),
                job.render().imageSize(), job.modelSpec(), String.format("%.1f", (System.nanoTime() - start) / 1e9),
                output);
        return tasks.size();
    }

    static MorphableModel model(String spec) {
        return MODELS.computeIfAbsent(spec, s -> {
            try {
                return FaceModels.load(s);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load face model '" + s + "': " + e.getMessage(), e);
            }
        });
    }

    private static BufferedImage preview(FileSystem fs, Path root, List<String[]> samples, SynthSettings render)
            throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (String[] t : samples) {
            for (int v = 0; v < render.yawsDegrees().size(); v++) {
                String view = render.viewName(v);
                try (InputStream in = fs.open(new Path(root, t[0] + "/" + t[1] + "/" + view + ".png"))) {
                    images.add(ImageIO.read(in));
                }
                captions.add(t[0] + "/" + t[1] + " " + view);
            }
        }
        return ContactSheet.compose(images, captions);
    }
}
