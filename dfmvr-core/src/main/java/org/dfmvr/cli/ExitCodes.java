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

    private ExitCodes() {
    }
}
