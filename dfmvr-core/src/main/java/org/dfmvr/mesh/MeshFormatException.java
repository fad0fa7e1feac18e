package org.dfmvr.mesh;

import java.io.IOException;
import java.nio.file.Path;

/** A mesh file that cannot be read: the message starts with the file and where in it ("line 12", "byte 4096"). */
public final class MeshFormatException extends IOException {
    private final transient Path file;
    private final String location;

    /**
     * @param file     the file being read
     * @param location where the problem is, e.g. "line 12", "byte 4096", "accessor 3"
     * @param problem  what is wrong, with the expected and the actual value
     */
    public MeshFormatException(Path file, String location, String problem) {
        super(file + ": " + location + ": " + problem);
        this.file = file;
        this.location = location;
    }

    /** Same, keeping the exception that revealed the problem. */
    public MeshFormatException(Path file, String location, String problem, Throwable cause) {
        super(file + ": " + location + ": " + problem, cause);
        this.file = file;
        this.location = location;
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** Where in the file, e.g. "line 12" or "byte 4096". */
    public String location() {
        return location;
    }
}
