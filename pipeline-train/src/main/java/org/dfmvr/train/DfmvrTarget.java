package org.dfmvr.train;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.bundle.BundleManifest;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.loss.LabelLayout;
import org.dfmvr.loss.WeakSupervisionLoss;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.train.sample.SampleTransform;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code model = dfmvr}: the DF-MVR graph with the weak-supervision loss; a {@link ModelBundle} at the end. */
final class DfmvrTarget implements TrainTarget {
    private final TrainSettings settings;
    private final NetworkSpec spec;
    private final MorphableModel model;
    private final WeakSupervisionLoss loss;

    DfmvrTarget(TrainSettings settings) throws IOException {
        this.settings = settings;
        this.spec = NetworkSpec.preset(settings.preset());
        this.model = FaceModels.load(settings.faceModel());
        this.loss = new WeakSupervisionLoss(settings.faceModel(),
                settings.loss().objective(spec.imageSize(), spec.views()));
    }

    @Override
    public int imageSize() {
        return spec.imageSize();
    }

    @Override
    public String preset() {
        return spec.name();
    }

    @Override
    public ComputationGraph newGraph(int runEpochs) {
        return new DfmvrNetworkBuilder(spec).loss(loss).updater(new Adam(schedule(runEpochs))).build();
    }

    @Override
    public ConstantThenCosineSchedule schedule(int runEpochs) {
        return settings.lr().schedule(runEpochs);
    }

    @Override
    public JavaRDD<MultiDataSet> batches(SparkSession spark, String shards, String split, int batch,
                                         SampleTransform transform, int epoch, boolean maskHeld) {
        LabelLayout labels = loss.objective().labelLayout();
        double mmToUnit = 1.0 / model.unit().millimetresPerUnit();
        return TrainRunner.batches(spark, shards, split, spec.imageSize(), batch, labels, mmToUnit, transform, epoch,
                maskHeld);
    }

    @Override
    public double putScores(Map<String, Double> row, String prefix, ComputationGraph graph,
                            List<MultiDataSet> batches) {
        return TrainRunner.putScores(row, prefix, graph, batches);
    }

    @Override
    public Map<String, Double> validationMetrics(ComputationGraph graph, List<MultiDataSet> validation) {
        return Map.of();
    }

    @Override
    public String writeArtifact(FileSystem fs, Path out, ComputationGraph graph, List<MultiDataSet> validation)
            throws IOException {
        BundleManifest bundle = ModelBundle.write(fs, new Path(out, "bundle"), graph, spec, settings.faceModel(),
                CoeffLayout.forModel(model, spec.views()), Instant.now());
        return "bundle " + bundle.version() + " written to " + out + "/bundle";
    }
}
