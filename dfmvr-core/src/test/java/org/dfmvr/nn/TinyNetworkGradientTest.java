package org.dfmvr.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole tiny graph (3 encoders, 12 gates, decoder, RedNet, heads) against finite differences. */
class TinyNetworkGradientTest {

    @Test
    @Tag("slow") // about 5 min on the shared 2-core machine
    void givenTheTinyGraphInDoublePrecision_whenOneEntryOfEverySeventhParameterArrayIsChecked_thenAllMatch() {
        GradientChecks.useDoublePrecision();
        NetworkSpec spec = NetworkSpec.tiny();
        ComputationGraph net = new DfmvrNetworkBuilder(spec).dataType(DataType.DOUBLE).build();
        // zero-init residual BN would make every residual branch's gradient exactly 0 and the check vacuous there
        Nd4j.getRandom().setSeed(21);
        net.paramTable().forEach((name, value) -> {
            if (name.endsWith("_c3_bn_gamma")) {
                value.assign(Nd4j.rand(DataType.DOUBLE, value.shape()).addi(0.5));
            }
        });
        INDArray[] views = DfmvrNetworkBuilderTest.randomViews(spec, 2, DataType.DOUBLE, 22);
        INDArray[] labels = {Nd4j.randn(DataType.DOUBLE, 2, spec.outputSize())};

        // ~50 of the ~350 trainable arrays (every group: encoders, gates, decoder, involutions, bottlenecks, heads);
        // all arrays with one entry each take > 15 min on the shared 2-core machine
        assertThat(GradientChecks.failuresOnSubset(net, views, labels, 1, 7)).isEmpty();
    }
}
