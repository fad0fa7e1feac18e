package org.dfmvr.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Optional third-party test data under {@code ../shared/data} (see its README for licences). Tests that need a file
 * call {@link #require}, which skips the test with a message naming the missing file when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data folder: system property {@code dfmvr.shared.dir} (set by the build) or {@code ../shared}. */
    public static Path root() {
        return Path.of(System.getProperty("dfmvr.shared.dir", "../shared")).resolve("data");
    }

    /** {@code relative} under the shared data folder; skips the calling test when it does not exist. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "skipped: optional shared test data not found: " + p.toAbsolutePath()
                + " (see ../shared/data/README.md)");
        return p;
    }
}
