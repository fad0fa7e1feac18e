package org.dfmvr.bench.fastcpu;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.nn.fast.FastLayers;
import org.dfmvr.nn.fast.ProbeUnet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The tiny-preset-like train step: one {@code fit} of {@link ProbeUnet.Spec#tiny()} on a random batch of 8. */
final class TrainStep {
    static final int BATCH = 8;

    private TrainStep() {
    }

    /** Median times of one fit step (Adam) of the probe UNet built with {@code layers}. */
    static MedianTimer.Timing time(FastLayers layers) {
        ProbeUnet.Spec spec = ProbeUnet.Spec.tiny();
        ComputationGraph net = ProbeUnet.graph(layers, spec, DataType.FLOAT, new Adam(1e-3), 1);
        Nd4j.getRandom().setSeed(2);
        INDArray[] views = new INDArray[spec.views()];
        for (int v = 0; v < views.length; v++) {
            views[v] = Nd4j.rand(DataType.FLOAT, BATCH, spec.viewChannels(), spec.size(), spec.size());
        }
        MultiDataSet batch = new MultiDataSet(views, new INDArray[] {
                Nd4j.rand(DataType.FLOAT, BATCH, 3, spec.size(), spec.size()),
                Nd4j.rand(DataType.FLOAT, BATCH, spec.coefficients())});
        return MedianTimer.time(() -> net.fit(batch));
    }
}
