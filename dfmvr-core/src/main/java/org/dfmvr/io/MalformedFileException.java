package org.dfmvr.io;

/** A dataset file that does not follow its format; the message names the file and where (byte offset or line). */
public final class MalformedFileException extends RuntimeException {
    public MalformedFileException(String file, String where, String what) {
        super(file + " (" + where + "): " + what);
    }
}
