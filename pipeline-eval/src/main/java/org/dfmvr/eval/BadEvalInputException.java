package org.dfmvr.eval;

/** An eval input that cannot be used as a whole (a missing folder, a malformed index); the message says what. */
public final class BadEvalInputException extends RuntimeException {
    public BadEvalInputException(String message) {
        super(message);
    }
}
