package org.dfmvr.train.sample;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * DF-MVR's single-view mode (paper §5.3): while training, each sample keeps all three views with probability
 * {@code allViews} (paper 2/3), else one of the other view patterns, each equally likely. A dropped view is removed
 * from the sample, so it follows the convention of a sample that lacks the view: its network input is all zeros
 * ({@code ViewTensors}) and its label is packed absent ({@code present} = 0, {@code LabelPacker}), which takes its
 * photo and landmark terms out of the loss and gives its pose no gradient. Patterns are drawn over view slots; a
 * sample that does not have any view of the drawn pattern keeps its own views.
 *
 * @param enabled  false: samples pass unchanged
 * @param allViews probability of keeping {left, front, right}, in [0, 1]
 * @param patterns the other patterns
 */
public record ViewDropout(boolean enabled, double allViews, Patterns patterns) implements Serializable {
    /** View slots 0 left, 1 front, 2 right, as bit masks. */
    private static final int L = 1, F = 2, R = 4;

    /** The non-full view patterns a dropped-out sample is drawn from, uniformly. */
    public enum Patterns {
        /**
         * The paper's reading: "four different forms" with the full triplet at 2/3 and the others sharing 1/3, i.e.
         * left, front or right alone, 1/9 each (the forms themselves are lost from the paper's text we hold).
         */
        SINGLE_VIEWS(L, F, R),
        /** Every non-empty proper subset: L, F, R, LF, FR, LR, 1/18 each at the paper's 2/3. */
        ALL_SUBSETS(L, F, R, L | F, F | R, L | R);

        private final int[] masks;

        Patterns(int... masks) {
            this.masks = masks;
        }

        /** The patterns as bit masks (bit v = view slot v kept). */
        public int[] masks() {
            return masks.clone();
        }
    }

    /** The pattern mask of all three views. */
    public static final int ALL = L | F | R;

    public ViewDropout {
        if (!(allViews >= 0 && allViews <= 1)) {
            throw new IllegalArgumentException("ViewDropout.allViews must be in [0, 1], got " + allViews);
        }
        if (patterns == null) {
            throw new IllegalArgumentException("ViewDropout.patterns must not be null");
        }
    }

    /** No dropout. */
    public static ViewDropout off() {
        return new ViewDropout(false, 1, Patterns.SINGLE_VIEWS);
    }

    /** The kept-view mask for one sample in one epoch (bit v = view slot v kept); {@link #ALL} when disabled. */
    public int pattern(long seed, int epoch, String sampleId) {
        if (!enabled) {
            return ALL;
        }
        SplittableRandom r = SampleSeeds.random(seed, epoch, sampleId, "view-dropout");
        return r.nextDouble() < allViews ? ALL : patterns.masks[r.nextInt(patterns.masks.length)];
    }

    /** The sample with the views outside its pattern removed (itself when nothing would be left or removed). */
    public MultiViewSample apply(MultiViewSample s, long seed, int epoch) {
        int keep = pattern(seed, epoch, s.sampleId());
        List<ViewRecord> kept = new ArrayList<>();
        for (ViewRecord v : s.views()) {
            if ((keep & (1 << ViewRecord.NAMES.indexOf(v.view()))) != 0) {
                kept.add(v);
            }
        }
        if (kept.isEmpty() || kept.size() == s.views().size()) {
            return s;
        }
        return new MultiViewSample(s.sampleId(), s.subjectId(), s.expressionId(), s.source(), s.split(), kept,
                s.landmarks3d(), s.gtMeshUri(), s.flags(), s.inputPaths(), s.inputSha256());
    }
}
