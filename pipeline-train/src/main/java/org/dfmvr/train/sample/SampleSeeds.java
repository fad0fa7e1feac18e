package org.dfmvr.train.sample;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The random stream of one sample in one epoch: the same (seed, epoch, sample id, purpose) gives the same draws on
 * any executor and JVM, so a re-run task or a resumed run transforms a sample exactly as before.
 */
final class SampleSeeds {
    private SampleSeeds() {
    }

    /** @param purpose separates the streams of different transforms of the same sample */
    static SplittableRandom random(long seed, int epoch, String sampleId, String purpose) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64: stable across JVMs, unlike identity hashes
        for (byte b : (sampleId + '\u0000' + purpose).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(new SplittableRandom(seed ^ 0x9e3779b97f4a7c15L * (epoch + 1L)).nextLong() ^ h);
    }
}
