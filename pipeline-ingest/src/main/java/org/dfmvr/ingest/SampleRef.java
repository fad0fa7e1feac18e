package org.dfmvr.ingest;

import java.io.Serializable;
import java.util.Map;

/**
 * One sample's raw files as listed on the driver; executors read them. Small and serializable on purpose: only paths
 * travel, never pixels.
 *
 * @param sampleId     stable id, {@code <source>/<subject>/<expression>}
 * @param subjectId    the split unit
 * @param expressionId expression/recording within the subject
 * @param views        view name ({@code left|front|right}) to the raw image URI; may miss views
 * @param extras       other files by role (e.g. {@code left.5pt}, {@code mesh}), URIs
 */
public record SampleRef(String sampleId, String subjectId, String expressionId, Map<String, String> views,
                        Map<String, String> extras) implements Serializable {
    public SampleRef {
        views = Map.copyOf(views);
        extras = Map.copyOf(extras);
    }
}
