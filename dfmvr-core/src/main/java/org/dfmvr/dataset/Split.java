package org.dfmvr.dataset;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Train/val/test assignment by a stable hash of the subject id, so a subject never spans splits and re-running
 * ingest on a grown dataset never moves an old subject to another split.
 *
 * <p>The hash is CRC32 of the UTF-8 id mixed with {@code seed}, mapped to [0,1); fractions are cumulative:
 * {@code u < train} is train, {@code u < train + val} is val, else test.
 */
public record Split(double trainFraction, double valFraction, long seed) implements java.io.Serializable {
    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String TEST = "test";

    public Split {
        if (trainFraction < 0 || valFraction < 0 || trainFraction + valFraction > 1) {
            throw new IllegalArgumentException("split fractions must be >= 0 with train + val <= 1, got train "
                    + trainFraction + ", val " + valFraction);
        }
    }

    /** The split of {@code subjectId}: {@link #TRAIN}, {@link #VAL} or {@link #TEST}. */
    public String of(String subjectId) {
        double u = unitHash(subjectId);
        return u < trainFraction ? TRAIN : u < trainFraction + valFraction ? VAL : TEST;
    }

    double unitHash(String subjectId) {
        CRC32 crc = new CRC32();
        crc.update(Long.toString(seed).getBytes(StandardCharsets.UTF_8));
        crc.update(':');
        crc.update(subjectId.getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue() * 0x9E3779B97F4A7C15L; // spread CRC's low-entropy high bits (Fibonacci hashing)
        return (h >>> 11) / (double) (1L << 53);
    }
}
