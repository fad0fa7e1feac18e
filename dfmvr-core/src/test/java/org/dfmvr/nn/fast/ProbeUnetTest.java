package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.File;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast layers inside a multi-view UNet-shaped ComputationGraph: stock equivalence, ModelSerializer round trip. */
class ProbeUnetTest {
    private static final ProbeUnet.Spec SMALL = new ProbeUnet.Spec(2, 2, 8, 2, 3);

    @Test
    void givenSameParams_whenNativeAndStockGraphsComputeGradients_thenScoresAndGradientsAgree() {
        ComputationGraph fast = ProbeUnet.graph(FastLayers.nativeOps(), SMALL, DataType.FLOAT, new NoOp(), 5);
        ComputationGraph stock = ProbeUnet.graph(FastLayers.stock(), SMALL, DataType.FLOAT, new NoOp(), 5);
        assertEquals(stock.numParams(), fast.numParams(), "parameter count");
        fast.setParams(stock.params());
        MultiDataSet data = data(DataType.FLOAT, 4, 7);
        fast.setInputs(data.getFeatures());
        fast.setLabels(data.getLabels());
        stock.setInputs(data.getFeatures());
        stock.setLabels(data.getLabels());
        fast.computeGradientAndScore();
        stock.computeGradientAndScore();
        assertEquals(stock.score(), fast.score(), 1e-4 * Math.abs(stock.score()), "score");
        Map<String, INDArray> sg = stock.gradient().gradientForVariable();
        Map<String, INDArray> fg = fast.gradient().gradientForVariable();
        assertEquals(sg.keySet(), fg.keySet(), "gradient keys");
        // a conv bias followed by batch-norm has a zero true gradient: compare on the scale of all gradients
        double scale = sg.values().stream().mapToDouble(g -> g.amaxNumber().doubleValue()).max().orElse(0);
        for (String key : sg.keySet()) {
            StockOracle.assertClose("graph gradient " + key, sg.get(key), fg.get(key), scale);
        }
    }

    @Test
    void givenTrainedGraph_whenSavedAndRestored_thenSameLayerTypesAndIdenticalOutputs(@TempDir File dir)
            throws Exception {
        ComputationGraph net = ProbeUnet.graph(FastLayers.nativeOps(), SMALL, DataType.FLOAT,
                new org.nd4j.linalg.learning.config.Adam(1e-3), 9);
        MultiDataSet data = data(DataType.FLOAT, 4, 8);
        net.fit(data);
        File file = new File(dir, "probe.zip");
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(net.getConfiguration().toJson(), restored.getConfiguration().toJson(), "configuration JSON");
        for (Layer l : net.getLayers()) {
            assertEquals(l.getClass(), restored.getLayer(l.conf().getLayer().getLayerName()).getClass(),
                    "runtime class of " + l.conf().getLayer().getLayerName());
        }
        assertTrue(Arrays.stream(restored.getLayers()).anyMatch(l -> l instanceof FastConvolution2DLayer),
                "restored graph runs the fast convolution");
        INDArray[] before = net.output(false, data.getFeatures());
        INDArray[] after = restored.output(false, data.getFeatures());
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], "output " + i);
        }
    }

    /** Random views and labels for {@link #SMALL}. */
    private static MultiDataSet data(DataType type, int batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray[] views = new INDArray[SMALL.views()];
        for (int v = 0; v < views.length; v++) {
            views[v] = Nd4j.randn(type, batch, SMALL.viewChannels(), SMALL.size(), SMALL.size());
        }
        INDArray map = Nd4j.randn(type, batch, 3, SMALL.size(), SMALL.size());
        INDArray coeffs = Nd4j.randn(type, batch, SMALL.coefficients());
        return new MultiDataSet(views, new INDArray[] {map, coeffs});
    }
}
