package org.dfmvr.train.backend;

import java.util.Set;

/**
 * A training epoch failed on the cluster (an executor lost, a task failed beyond Spark's retries, a worker's training
 * thread threw). The message names the backend, the epoch, the executors still registered and the first line of the
 * underlying failure; the original exception is the cause.
 */
public final class EpochFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EpochFailedException(String backend, int epoch, Set<String> executorsNow, Throwable cause) {
        super(backend + " epoch " + epoch + " failed on the cluster (executors registered now: " + executorsNow
                + "): " + firstLine(cause), cause);
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage()).strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return t.getClass().getSimpleName() + ": " + (first.length() > 400 ? first.substring(0, 400) + "..." : first);
    }
}
