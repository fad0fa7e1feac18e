package org.dfmvr.train.backend;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Objects;

/** Element-wise mean of parameter vectors and relative L2 distances between them. */
final class ParameterAverage {
    private ParameterAverage() {
    }

    /**
     * Mean of the non-null vectors, each of shape [P]; {@code null} if there are none.
     *
     * @throws IllegalArgumentException if the vectors differ in length
     */
    static INDArray mean(List<INDArray> vectors) {
        List<INDArray> present = vectors.stream().filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            return null;
        }
        INDArray sum = present.get(0).dup();
        for (int i = 1; i < present.size(); i++) {
            INDArray v = present.get(i);
            if (v.length() != sum.length()) {
                throw new IllegalArgumentException("parameter vectors: expected length " + sum.length() + ", got "
                        + v.length() + " (vector " + i + ")");
            }
            sum.addi(v);
        }
        return sum.divi(present.size());
    }

    /** ||a - reference|| / ||reference|| (L2 norms over all elements). */
    static double relativeDistance(INDArray a, INDArray reference) {
        return a.sub(reference).norm2Number().doubleValue() / reference.norm2Number().doubleValue();
    }

    /** Largest {@link #relativeDistance} of the non-null vectors from {@code reference}. */
    static double maxRelativeDistance(List<INDArray> vectors, INDArray reference) {
        return vectors.stream().filter(Objects::nonNull).mapToDouble(v -> relativeDistance(v, reference)).max()
                .orElse(0);
    }
}
