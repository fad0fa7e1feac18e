package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BiSeNetBuilderTest {
    /** Small enough for a finite-difference check of every parameter array: 32 px, 3 classes, 2..8 channels. */
    private static final BiSeNetSpec MICRO = new BiSeNetSpec("micro", 32, 3, List.of(2, 4, 4, 4), 1, 4, 8, 2, true,
            7L);

    private static INDArray randomImages(int batch, int size, DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(type, batch, 3, size, size).muli(2).subi(1);
    }

    /** One-hot labels [N,K,S,S] with a deterministic class per pixel. */
    private static INDArray oneHot(int batch, int classes, int size, DataType type) {
        INDArray labels = Nd4j.zeros(type, batch, classes, size, size);
        for (int n = 0; n < batch; n++) {
            for (int h = 0; h < size; h++) {
                for (int w = 0; w < size; w++) {
                    labels.putScalar(new int[] {n, (n + h / 4 + w / 8) % classes, h, w}, 1.0);
                }
            }
        }
        return labels;
    }

    /** Trainable parameters of the vertices whose names start with one of {@code prefixes}. */
    private static long trainable(ComputationGraphConfiguration conf, String... prefixes) {
        return conf.getVertices().entrySet().stream()
                .filter(e -> java.util.Arrays.stream(prefixes).anyMatch(e.getKey()::startsWith))
                .mapToLong(e -> ParseNetSummary.trainable(e.getValue())).sum();
    }

    @Test
    void givenThePaperPreset_whenConfigured_thenShapesAndTheResNet18TrunkMatchTheReference() {
        ComputationGraphConfiguration conf = new BiSeNetBuilder(BiSeNetSpec.paper()).configuration();
        Map<String, InputType> types = conf.getLayerActivationTypes(InputType.convolutional(224, 224, 3));

        assertThat(types.get("cp_s2b2_out")).isEqualTo(InputType.convolutional(28, 28, 128));
        assertThat(types.get("cp_s4b2_out")).isEqualTo(InputType.convolutional(7, 7, 512));
        assertThat(types.get("cp_gc_bn")).isEqualTo(InputType.convolutional(1, 1, 128));
        assertThat(types.get("cp_head32_bn")).isEqualTo(InputType.convolutional(14, 14, 128));
        assertThat(types.get("cp_head16_bn")).isEqualTo(InputType.convolutional(28, 28, 128));
        assertThat(types.get("sp_out_bn")).isEqualTo(InputType.convolutional(28, 28, 128));
        assertThat(types.get("ffm_out")).isEqualTo(InputType.convolutional(28, 28, 256));
        for (String out : List.of(BiSeNetBuilder.OUTPUT, BiSeNetBuilder.AUX16, BiSeNetBuilder.AUX32)) {
            assertThat(types.get(out)).as(out).isEqualTo(InputType.convolutional(224, 224, 10));
        }
        // torchvision resnet18 without its fc layer: 11,689,512 - 513,000
        assertThat(trainable(conf, "cp_stem", "cp_s")).isEqualTo(11_176_512L);
        ParseNetSummary summary = ParseNetSummary.of(BiSeNetSpec.paper(), conf);
        assertThat(summary.totalParameters()).isEqualTo(trainable(conf, ""));
        assertThat(summary.parameters().get("context path")).isEqualTo(trainable(conf, "cp_"));
        System.out.printf("BiSeNet paper: %s", summary.toMarkdown());
    }

    @Test
    void givenTheTinyPreset_whenRunForward_thenEachHeadGivesAPerPixelDistributionOverTenClasses() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = new BiSeNetBuilder(BiSeNetSpec.tiny()).build();

        INDArray[] out = net.output(false, randomImages(2, 64, DataType.FLOAT, 1));

        assertThat(out).hasSize(3);
        for (INDArray o : out) {
            assertThat(o.shape()).containsExactly(2, 10, 64, 64);
            assertThat(o.sum(1).equalsWithEps(Nd4j.ones(DataType.FLOAT, 2, 64, 64), 1e-4)).isTrue();
        }
    }

    @Test
    void givenATrainedTinyNet_whenSavedAndRestored_thenOutputsAreIdentical() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = new BiSeNetBuilder(BiSeNetSpec.tiny()).updater(new org.nd4j.linalg.learning.config
                .Adam(1e-3)).build();
        INDArray x = randomImages(2, 64, DataType.FLOAT, 2);
        INDArray y = oneHot(2, 10, 64, DataType.FLOAT);
        net.fit(new INDArray[] {x}, new INDArray[] {y, y, y}); // moves parameters, BN statistics and Adam state

        ComputationGraph restored = GradientChecks.roundTrip(net);

        assertThat(restored.getConfiguration().getVertices().get("ffm_mul")).isInstanceOf(ChannelBroadcastVertex.class);
        assertThat(restored.output(false, x)).isEqualTo(net.output(false, x));
    }

    @Test
    void givenATrainedNet_whenCopiedForInference_thenBatchNormIsFoldedAndItsOneOutputEqualsTheMainHead() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        BiSeNetBuilder builder = new BiSeNetBuilder(BiSeNetSpec.tiny()).updater(new org.nd4j.linalg.learning.config
                .Adam(1e-3));
        ComputationGraph net = builder.build();
        INDArray x = randomImages(2, 64, DataType.FLOAT, 3);
        INDArray y = oneHot(2, 10, 64, DataType.FLOAT);
        net.fit(new INDArray[] {x}, new INDArray[] {y, y, y});

        ComputationGraph frozen = builder.inferenceCopy(net);

        assertThat(frozen.getConfiguration().getNetworkOutputs()).containsExactly(BiSeNetBuilder.OUTPUT);
        assertThat(frozen.getConfiguration().getVertices()).doesNotContainKey("cp_stem_bn").containsKey("cp_stem_conv");
        INDArray expected = net.output(false, x)[0];
        INDArray actual = frozen.outputSingle(false, x);
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).as("max |frozen - trained| probability")
                .isLessThan(1e-4);
    }

    @Test
    void givenANetOfAnotherPreset_whenCopiedForInference_thenTheErrorNamesTheLayer() {
        ComputationGraph micro = new BiSeNetBuilder(MICRO).build();

        assertThatThrownBy(() -> new BiSeNetBuilder(BiSeNetSpec.tiny()).inferenceCopy(micro))
                .hasMessageContaining("preset tiny").hasMessageContaining("at layer 'cp_stem_conv'");
    }

    @Test
    @Tag("slow")
    void givenAMicroNet_whenGradientChecked_thenEveryNinthParameterArrayPasses() {
        GradientChecks.useDoublePrecision();
        ComputationGraph net = new BiSeNetBuilder(MICRO).dataType(DataType.DOUBLE).build();
        INDArray y = oneHot(3, 3, 32, DataType.DOUBLE);
        INDArray[] x = {randomImages(3, 32, DataType.DOUBLE, 4)};
        // a double forward pass of even this net takes ~0.5 s on the shared 2-core machine: every 9th parameter
        // array, 2 entries each (the custom vertices have their own full checks)
        List<String> failures = GradientChecks.failuresOnSubset(net, x, new INDArray[] {y, y, y}, 2, 9);

        assertThat(failures).isEmpty();
    }

    @Test
    void givenOutputStrides4And2_whenConfigured_thenFusionAndMainHeadRunAtThatResolutionWithTheSameParameters() {
        ComputationGraphConfiguration paperStride = new BiSeNetBuilder(BiSeNetSpec.tiny().withOutputStride(8))
                .configuration();
        assertThat(paperStride.getLayerActivationTypes(InputType.convolutional(64, 64, 3)).get("ffm_out"))
                .isEqualTo(InputType.convolutional(8, 8, 32));
        assertThat(paperStride.getVertices()).doesNotContainKey("cp_up8");
        for (int stride : new int[] {4, 2}) {
            ComputationGraphConfiguration conf = new BiSeNetBuilder(BiSeNetSpec.tiny().withOutputStride(stride))
                    .configuration();
            Map<String, InputType> types = conf.getLayerActivationTypes(InputType.convolutional(64, 64, 3));
            int grid = 64 / stride;

            assertThat(types.get("sp_out_bn")).as("stride " + stride)
                    .isEqualTo(InputType.convolutional(grid, grid, 16));
            assertThat(types.get("cp_up8")).isEqualTo(InputType.convolutional(grid, grid, 16));
            assertThat(types.get("ffm_out")).isEqualTo(InputType.convolutional(grid, grid, 32));
            assertThat(types.get("out_main_logits")).isEqualTo(InputType.convolutional(grid, grid, 10));
            assertThat(types.get("out_aux16_logits")).isEqualTo(InputType.convolutional(8, 8, 10));
            for (String out : List.of(BiSeNetBuilder.OUTPUT, BiSeNetBuilder.AUX16, BiSeNetBuilder.AUX32)) {
                assertThat(types.get(out)).as(out).isEqualTo(InputType.convolutional(64, 64, 10));
            }
            assertThat(trainable(conf, "")).isEqualTo(trainable(paperStride, ""));
        }
        assertThat(BiSeNetSpec.tiny().outputStride()).isEqualTo(2);
        assertThat(BiSeNetSpec.paper().outputStride()).isEqualTo(8);
    }

    @Test
    void givenATinyNetAtBiSeNetsStride8AfterATrainingStep_whenCopiedForInference_thenItsOutputEqualsTheMainHead() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        BiSeNetBuilder builder = new BiSeNetBuilder(BiSeNetSpec.tiny().withOutputStride(8))
                .updater(new org.nd4j.linalg.learning.config.Adam(1e-3));
        ComputationGraph net = builder.build();
        INDArray x = randomImages(2, 64, DataType.FLOAT, 5);
        INDArray y = oneHot(2, 10, 64, DataType.FLOAT);
        net.fit(new INDArray[] {x}, new INDArray[] {y, y, y});

        INDArray actual = builder.inferenceCopy(net).outputSingle(false, x);

        assertThat(actual.shape()).containsExactly(2, 10, 64, 64);
        assertThat(actual.sub(net.output(false, x)[0]).amaxNumber().doubleValue()).isLessThan(1e-4);
    }

    @Test
    @Tag("slow")
    void givenAStride2MicroNet_whenGradientChecked_thenEveryNinthParameterArrayPasses() {
        GradientChecks.useDoublePrecision();
        ComputationGraph net = new BiSeNetBuilder(MICRO.withOutputStride(2)).dataType(DataType.DOUBLE).build();
        INDArray y = oneHot(2, 3, 32, DataType.DOUBLE);
        INDArray[] x = {randomImages(2, 32, DataType.DOUBLE, 6)};

        List<String> failures = GradientChecks.failuresOnSubset(net, x, new INDArray[] {y, y, y}, 2, 9);

        assertThat(failures).isEmpty();
    }

    @Test
    void givenAnUnsupportedOutputStride_whenSpecified_thenTheErrorNamesTheKey() {
        assertThatThrownBy(() -> BiSeNetSpec.tiny().withOutputStride(16))
                .hasMessageContaining("parse.outputStride").hasMessageContaining("16");
        assertThatThrownBy(() -> BiSeNetSpec.tiny().withSpatialPath(false).withOutputStride(4))
                .hasMessageContaining("parse.outputStride").hasMessageContaining("spatial path");
    }

    @Test
    void givenAnImageSizeThatIsNoMultipleOf32_whenSpecified_thenTheErrorNamesTheKey() {
        assertThatThrownBy(() -> BiSeNetSpec.tiny().withImageSize(48))
                .hasMessageContaining("parse.imageSize").hasMessageContaining("48");
    }
}
