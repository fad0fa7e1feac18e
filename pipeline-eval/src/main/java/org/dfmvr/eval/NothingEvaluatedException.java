package org.dfmvr.eval;

import org.dfmvr.progress.JobSummary;

/**
 * Eval found predictions but could evaluate none of some set: no report is written, and the job prints
 * {@link #summary()} (counts and the quarantine reasons) before it exits with
 * {@link org.dfmvr.cli.ExitCodes#QUARANTINE_LIMIT}.
 */
public final class NothingEvaluatedException extends RuntimeException {
    private final transient JobSummary summary;

    public NothingEvaluatedException(String message, JobSummary summary) {
        super(message);
        this.summary = summary;
    }

    /** What eval saw, for the closing summary. */
    public JobSummary summary() {
        return summary;
    }
}
