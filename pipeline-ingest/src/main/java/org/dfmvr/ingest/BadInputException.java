package org.dfmvr.ingest;

/** An input that cannot be used; carries the stage for the quarantine record. Never a caller bug. */
public final class BadInputException extends RuntimeException {
    private final String stage;

    public BadInputException(String stage, String reason) {
        super(reason);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }
}
