package org.dfmvr.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After {@code package}, the build context {@code docker build -f deploy/Dockerfile .} needs is complete: every
 * {@code COPY} source exists in the repository tree (Docker cannot run on the CI machine, so this is what we can
 * check of the image recipe here; DeployManifestsTest checks that the manifests use the paths it copies to).
 */
class DockerBuildContextIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void givenAPackagedTree_whenTheDockerfileIsRead_thenEveryCopySourceExists() throws Exception {
        DockerfileCopies copies = DockerfileCopies.parse(ROOT.resolve("deploy/Dockerfile"));
        assertThat(copies.sources()).hasSizeGreaterThanOrEqualTo(4).contains("deploy/target/dfmvr-app.jar");
        for (String source : copies.sources()) {
            assertTrue(Files.exists(ROOT.resolve(source)), "COPY source missing after package: " + source);
        }
        // a CPU build leaves only the README in gpu-libs; a -Pcuda build adds the CUDA redistributable beside it
        assertTrue(Files.isRegularFile(ROOT.resolve("deploy/target/gpu-libs/README.txt")));
    }
}
