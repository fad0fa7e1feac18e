package org.dfmvr.config;

/**
 * A configuration mistake made by the caller: an unknown key, a value of the wrong type or range, a missing file.
 * The message always names the key (or path) at fault; the CLI prints it and exits with status 2.
 */
public final class ConfigError extends RuntimeException {
    private final String key;

    public ConfigError(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public ConfigError(String key, String message, Throwable cause) {
        super(key + ": " + message, cause);
        this.key = key;
    }

    /** The configuration key (e.g. {@code dfmvr.train.epochs}) or file path that is at fault. */
    public String key() {
        return key;
    }
}
