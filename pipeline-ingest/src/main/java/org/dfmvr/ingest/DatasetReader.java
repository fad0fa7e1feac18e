package org.dfmvr.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * One raw dataset format. {@link #list} runs on the driver and only names files; {@link #read} runs on executors,
 * one sample at a time, and throws {@link BadInputException} for anything unusable (the runner quarantines it).
 */
public interface DatasetReader extends Serializable {
    /** The samples under {@code root}, plus what is already known to be unusable (e.g. a view missing). */
    record Listing(List<SampleRef> samples, List<Quarantined> quarantined) {
    }

    Listing list(FileSystem fs, String root) throws IOException;

    MultiViewSample read(FileSystem fs, SampleRef ref);
}
