package org.dfmvr.eval.protocol;

/** A per-sample evaluation protocol: prediction vs ground-truth scan, both with 7 landmarks. */
public interface EvaluationProtocol {

    /** Protocol id, version and parameter hash stamped on every result. */
    ProtocolStamp stamp();

    /**
     * @param predicted the predicted mesh and its landmarks, in the prediction's own unit and frame
     * @param scan      the ground-truth scan and its landmarks, in the scan's unit
     * @return errors in millimetres; registration failure is reported as flags, not thrown
     */
    SampleEvaluation evaluate(LandmarkedMesh predicted, LandmarkedMesh scan);
}
