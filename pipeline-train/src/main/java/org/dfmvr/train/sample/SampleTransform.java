package org.dfmvr.train.sample;

import org.dfmvr.dataset.MultiViewSample;

import java.io.Serializable;

/**
 * What the train job does to a training sample of one epoch before packing it: view dropout, then augmentation of
 * the views that are left, both seeded by (seed, epoch, sample id).
 */
public record SampleTransform(ViewDropout viewDropout, Augmentation augmentation, long seed) implements Serializable {
    public SampleTransform {
        if (viewDropout == null || augmentation == null) {
            throw new IllegalArgumentException("SampleTransform needs a view dropout and an augmentation (use off())");
        }
    }

    /** The identity (validation, probes). */
    public static SampleTransform none() {
        return new SampleTransform(ViewDropout.off(), Augmentation.off(), 0);
    }

    public boolean isIdentity() {
        return !viewDropout.enabled() && !augmentation.enabled();
    }

    public MultiViewSample apply(MultiViewSample s, int epoch) {
        return augmentation.apply(viewDropout.apply(s, seed, epoch), seed, epoch);
    }
}
