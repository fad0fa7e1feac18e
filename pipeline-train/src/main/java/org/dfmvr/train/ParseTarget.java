package org.dfmvr.train;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.bundle.ParseBundle;
import org.dfmvr.bundle.ParseBundleManifest;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.nn.BiSeNetBuilder;
import org.dfmvr.nn.BiSeNetSpec;
import org.dfmvr.nn.ViewTensors;
import org.dfmvr.spark.SampleRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.dfmvr.train.sample.SampleTransform;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model = parse}: the BiSeNet face-parse net on the parse-labelled views of the shards (every view of every
 * sample that has parse labels is one example: RGB in, its label map out), validation pixel accuracy and mean IoU
 * of the main head each epoch, and a {@link ParseBundle} ({@code <out>/parse-bundle}) at the end that the mask loss
 * loads ({@code parseNetPath}).
 */
final class ParseTarget implements TrainTarget {
    /** Folder of the parse bundle under the run's output. */
    static final String BUNDLE = "parse-bundle";

    private final TrainSettings settings;
    private final BiSeNetSpec spec;

    ParseTarget(TrainSettings settings) {
        this.settings = settings;
        this.spec = settings.parse().spec();
    }

    @Override
    public int imageSize() {
        return spec.imageSize();
    }

    @Override
    public String preset() {
        boolean presetStride = spec.outputStride() == BiSeNetSpec.preset(spec.name()).outputStride();
        return "parse/" + spec.name() + (presetStride ? "" : "/output-stride-" + spec.outputStride());
    }

    /**
     * Adam with {@code dfmvr.train.parse.learning-rate}, constant for {@code constant-epoch-fraction} of the run, then
     * a cosine down to {@code learning-rate-floor} ({@link ConstantThenCosineSchedule}, saved with checkpoints); the
     * DF-MVR schedule ({@code dfmvr.train.lr.*}) is not used.
     */
    @Override
    public ComputationGraph newGraph(int runEpochs) {
        return new BiSeNetBuilder(spec).updater(new Adam(schedule(runEpochs))).build();
    }

    @Override
    public ConstantThenCosineSchedule schedule(int runEpochs) {
        return settings.parse().schedule(runEpochs);
    }

    /** View dropout, augmentation and the mask hold are DF-MVR's: the parse net trains on the views as stored. */
    @Override
    public JavaRDD<MultiDataSet> batches(SparkSession spark, String shards, String split, int batch,
                                         SampleTransform transform, int epoch, boolean maskHeld) {
        int size = spec.imageSize();
        int classes = spec.classes();
        return spark.read().parquet(shards).where("split = '" + split + "'").javaRDD().mapPartitions(rows -> {
            List<MultiDataSet> out = new ArrayList<>();
            List<LabelledView> pending = new ArrayList<>();
            while (rows.hasNext()) {
                MultiViewSample sample = SampleRows.fromRow(rows.next());
                for (ViewRecord v : sample.views()) {
                    if (v.parsePng() != null) {
                        pending.add(new LabelledView(sample.sampleId(), v));
                    }
                }
                while (pending.size() >= batch || (!rows.hasNext() && !pending.isEmpty())) {
                    int n = Math.min(batch, pending.size());
                    out.add(toMultiDataSet(pending.subList(0, n), size, classes));
                    pending = new ArrayList<>(pending.subList(n, pending.size()));
                }
            }
            return out.iterator();
        });
    }

    /** A view with parse labels and the sample it belongs to (for error messages). */
    record LabelledView(String sampleId, ViewRecord view) {
    }

    /**
     * Features [N,3,S,S] (RGB in [-1,1], the parse net's input normalisation) and the one-hot labels [N,K,S,S], once
     * per head (main, aux16, aux32).
     */
    static MultiDataSet toMultiDataSet(List<LabelledView> views, int size, int classes) {
        int n = views.size();
        int plane = size * size;
        float[] planes = new float[ViewTensors.CHANNELS * plane];
        float[] rgb = new float[n * 3 * plane];
        float[] oneHot = new float[n * classes * plane];
        for (int i = 0; i < n; i++) {
            LabelledView lv = views.get(i);
            ViewRecord v = lv.view();
            if (v.size() != size) {
                throw new IllegalArgumentException(lv.sampleId() + ": view " + v.view() + " is " + v.size()
                        + " px, the parse net takes " + size + " (ingest with dfmvr.ingest.image-size = " + size + ")");
            }
            ViewTensors.fill(v, planes, 0, size);
            System.arraycopy(planes, 0, rgb, i * 3 * plane, 3 * plane);
            for (int p = 0; p < plane; p++) {
                int k = (int) planes[3 * plane + p];
                if (k >= classes) {
                    throw new IllegalArgumentException(lv.sampleId() + ": view " + v.view() + " has parse label " + k
                            + " at pixel (" + p % size + "," + p / size + "), expected 0.." + (classes - 1));
                }
                oneHot[(i * classes + k) * plane + p] = 1f;
            }
        }
        INDArray features = Nd4j.create(rgb, new long[] {n, 3, size, size}, DataType.FLOAT);
        INDArray labels = Nd4j.create(oneHot, new long[] {n, classes, size, size}, DataType.FLOAT);
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {features},
                new INDArray[] {labels, labels, labels});
    }

    @Override
    public double putScores(Map<String, Double> row, String prefix, ComputationGraph graph,
                            List<MultiDataSet> batches) {
        double sum = 0;
        for (MultiDataSet b : batches) {
            sum += graph.score(b);
        }
        row.put(prefix, sum / batches.size());
        return sum / batches.size();
    }

    @Override
    public Map<String, Double> validationMetrics(ComputationGraph graph, List<MultiDataSet> validation) {
        ParseMetrics m = score(graph, validation);
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("pixel_acc_val", m.pixelAccuracy());
        row.put("miou_val", m.meanIou());
        for (int k = 0; k < m.classes(); k++) {
            row.put("acc_val_" + k, m.classAccuracy(k)); // per-class pixel accuracy (recall); NaN: class absent
        }
        return row;
    }

    private ParseMetrics score(ComputationGraph graph, List<MultiDataSet> validation) {
        ParseMetrics m = new ParseMetrics(spec.classes());
        for (MultiDataSet b : validation) {
            m.add(graph.output(false, b.getFeatures())[0], b.getLabels(0));
        }
        return m;
    }

    @Override
    public String writeArtifact(FileSystem fs, Path out, ComputationGraph graph, List<MultiDataSet> validation)
            throws java.io.IOException {
        ComputationGraph frozen = new BiSeNetBuilder(spec).inferenceCopy(graph);
        ParseMetrics m = score(frozen, validation);
        ParseBundleManifest bundle = ParseBundle.write(fs, new Path(out, BUNDLE), frozen, spec, m.pixelAccuracy(),
                m.meanIou(), m.pixels(), Instant.now());
        return String.format("parse bundle %s written to %s/%s (validation pixel accuracy %.4f, mIoU %.4f over %d "
                + "pixels; per class frequency / accuracy / IoU: %s)", bundle.version(), out, BUNDLE,
                m.pixelAccuracy(), m.meanIou(), m.pixels(), m.perClassSummary());
    }
}
