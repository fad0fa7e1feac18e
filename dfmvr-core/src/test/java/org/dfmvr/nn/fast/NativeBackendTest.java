package org.dfmvr.nn.fast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native library ND4J loads is the one the build chose (root pom property nd4j.classifier). */
class NativeBackendTest {

    @Test
    void givenTheBuildsClassifier_whenNd4jLoads_thenThatClassifiersLibraryIsTheOneLoaded() {
        String configured = System.getProperty("nd4j.classifier");
        assertNotNull(configured, "system property nd4j.classifier (set by dfmvr-core's surefire configuration)");
        NativeBackend loaded = NativeBackend.loaded();
        assertEquals(configured, loaded.platform(), "loaded " + loaded);
        assertTrue(loaded.libraryPath().contains("/" + configured + "/"), loaded.libraryPath());
    }
}
