package org.dfmvr.dataset;

import java.util.List;

/**
 * One row of a shard (schema v1): the views of one subject/expression and what the source knows about its 3D shape.
 *
 * @param sampleId     stable id, {@code <source>/<subject>/<expression>[/<variant>]}; the row key
 * @param subjectId    subject, the unit of the train/val/test split
 * @param expressionId expression or recording id within the subject
 * @param source       dataset kind that produced it ({@code synthetic}, {@code multipie}, ...)
 * @param split        {@code train}, {@code val} or {@code test} ({@link Split})
 * @param views        1..3 views, in left/front/right order, each at most once
 * @param landmarks3d  [101,3] row-major 3D landmarks in the model frame, millimetres, or null
 * @param gtMeshUri    where the ground-truth mesh/scan lives (OBJ/PLY/.bnt/gt.mat), or null
 * @param flags        data-quality flags, e.g. {@code no_lm68}, {@code no_parse}, {@code missing_view}
 * @param inputPaths   every raw file read for this sample
 * @param inputSha256  hex SHA-256 of each input file, same order
 */
public record MultiViewSample(String sampleId, String subjectId, String expressionId, String source, String split,
                              List<ViewRecord> views, float[] landmarks3d, String gtMeshUri, List<String> flags,
                              List<String> inputPaths, List<String> inputSha256) {
    public MultiViewSample {
        if (views.isEmpty() || views.size() > 3) {
            throw new IllegalArgumentException(sampleId + ": a sample has 1..3 views, got " + views.size());
        }
        if (landmarks3d != null && landmarks3d.length != 303) {
            throw new IllegalArgumentException(sampleId + ": landmarks3d must be [101,3], got " + landmarks3d.length);
        }
        if (inputPaths.size() != inputSha256.size()) {
            throw new IllegalArgumentException(sampleId + ": one checksum per input path");
        }
        views = List.copyOf(views);
        flags = List.copyOf(flags);
        inputPaths = List.copyOf(inputPaths);
        inputSha256 = List.copyOf(inputSha256);
    }
}
