package org.dfmvr.train.backend;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ParameterAverageTest {
    @Test
    void givenTwoVectorsAndAMissingOne_whenAveraged_thenTheMeanOfThePresentOnes() {
        INDArray mean = ParameterAverage.mean(Arrays.asList(Nd4j.createFromArray(1f, 2f), null,
                Nd4j.createFromArray(3f, 6f)));
        assertThat(mean.toFloatVector()).containsExactly(2f, 4f);
    }

    @Test
    void givenNoVectors_whenAveraged_thenNull() {
        assertThat(ParameterAverage.mean(Arrays.asList((INDArray) null))).isNull();
    }

    @Test
    void givenVectorsOfDifferentLength_whenAveraged_thenTheErrorSaysWhich() {
        assertThatThrownBy(() -> ParameterAverage.mean(List.of(Nd4j.createFromArray(1f, 2f),
                Nd4j.createFromArray(1f)))).hasMessage("parameter vectors: expected length 2, got 1 (vector 1)");
    }

    @Test
    void givenAVectorOffByAQuarterOfTheReferenceNorm_whenCompared_thenTheRelativeDistanceIsAQuarter() {
        INDArray reference = Nd4j.createFromArray(3f, 4f);
        INDArray off = Nd4j.createFromArray(3f, 4f + 1.25f);
        assertThat(ParameterAverage.relativeDistance(off, reference)).isCloseTo(0.25, within(1e-6));
        assertThat(ParameterAverage.maxRelativeDistance(Arrays.asList(reference, null, off), reference))
                .isCloseTo(0.25, within(1e-6));
    }
}
