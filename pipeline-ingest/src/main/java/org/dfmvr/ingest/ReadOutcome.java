package org.dfmvr.ingest;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;

/** What reading one {@link SampleRef} gave: a usable sample, or the reason it goes to quarantine. */
public sealed interface ReadOutcome {
    record Ok(MultiViewSample sample) implements ReadOutcome {
    }

    record Bad(Quarantined record) implements ReadOutcome {
    }
}
