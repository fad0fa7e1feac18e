package org.dfmvr.cli;

/** Thrown by a command whose job is not built yet in this version; the CLI exits with {@link ExitCodes#NOT_AVAILABLE}. */
public final class NotAvailableException extends RuntimeException {
    public NotAvailableException(String job, String tracking) {
        super("the " + job + " job is not available in this version yet (" + tracking + ")");
    }
}
