package org.dfmvr.cli;

/** Process exit statuses of every {@code dfmvr} command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The job ran and failed (its log says why). */
    public static final int FAILED = 1;
    /** Bad usage or configuration: unknown option or key, wrong value, missing file; nothing was started. */
    public static final int USAGE = 2;
    /** The command exists but its job is not built yet in this version (the message names it). */
    public static final int NOT_AVAILABLE = 3;
    /**
     * The job ran and wrote its outputs, but produced nothing from a non-empty input or quarantined more of it than
     * {@code dfmvr.quarantine.max-share} allows; its closing summary lists the reasons.
     */
    public static final int QUARANTINE_LIMIT = 4;

    private ExitCodes() {
    }
}
