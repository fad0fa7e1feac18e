package org.dfmvr.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViewInputTest {
    private static final INDArray RGB = Nd4j.rand(DataType.FLOAT, 1, 3, 2, 2);
    private static final INDArray LABELS = Nd4j.createFromArray(new float[] {0, 1, 9, 3}).reshape(1, 1, 2, 2);

    @Test
    void givenTheLabelEncoding_whenAssembled_thenTheFourthChannelIsTheClassIndex() {
        INDArray in = ViewInput.assemble(RGB, LABELS, MaskInput.LABEL, 10);

        assertThat(in.shape()).containsExactly(1, 4, 2, 2);
        assertThat(in.getFloat(0, 3, 1, 0)).isEqualTo(9f);
        assertThat(in.getFloat(0, 1, 0, 1)).isEqualTo(RGB.getFloat(0, 1, 0, 1));
    }

    @Test
    void givenTheOneHotEncoding_whenAssembled_thenExactlyTheLabelledClassChannelIsOne() {
        INDArray in = ViewInput.assemble(RGB, LABELS, MaskInput.ONE_HOT, 10);

        assertThat(in.shape()).containsExactly(1, 13, 2, 2);
        assertThat(in.getFloat(0, 3 + 9, 1, 0)).isEqualTo(1f);
        assertThat(in.getFloat(0, 3 + 3, 1, 1)).isEqualTo(1f);
        assertThat(in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 13)).sumNumber().doubleValue()).isEqualTo(4.0);
    }

    @Test
    void givenNoMask_whenAssembled_thenOnlyRgbRemains() {
        assertThat(ViewInput.assemble(RGB, null, MaskInput.NONE, 10)).isEqualTo(RGB);
    }

    @Test
    void givenALabelOutOfRange_whenAssembled_thenTheErrorNamesTheRangeAndTheValues() {
        assertThatThrownBy(() -> ViewInput.assemble(RGB, LABELS.add(1), MaskInput.LABEL, 10))
                .hasMessageContaining("[0,9]").hasMessageContaining("got [1.0,10.0]");
    }
}
