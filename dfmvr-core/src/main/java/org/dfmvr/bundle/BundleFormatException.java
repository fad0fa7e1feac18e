package org.dfmvr.bundle;

/** A folder that is not a readable model bundle: the message names the folder, what was expected and what was found. */
public final class BundleFormatException extends RuntimeException {
    public BundleFormatException(String message) {
        super(message);
    }
}
