package org.dfmvr.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/dfmvr}'s own argument checks, run on a copy of the launcher in a stand-in checkout: a build that looks
 * fresh (so no Maven runs) and a stand-in {@code java} that prints its arguments (so no JVM starts).
 */
class LauncherTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private record Result(int status, String output) {
    }

    /** A checkout with the launcher, a fresh-looking build and {@code jdk/bin/java} that echoes its arguments. */
    private static Path standIn(Path tmp) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(ROOT.resolve("bin/dfmvr"), bin.resolve("dfmvr"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(tmp.resolve("dfmvr-core/target/classes/dfmvr"));
        Files.writeString(tmp.resolve("dfmvr-core/target/classes/dfmvr/jvm-options.txt"), "--add-opens=x=y\n");
        Files.createDirectories(tmp.resolve("deploy/target"));
        Files.writeString(tmp.resolve("deploy/target/classpath.txt"), "lib.jar");
        Files.writeString(tmp.resolve("deploy/target/dfmvr-app.jar"), "");
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\necho \"java started: $*\"\n");
        assertTrue(java.toFile().setExecutable(true));
        return tmp;
    }

    private static Result launch(Path checkout, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", checkout.resolve("bin/dfmvr").toString(), "doctor"))
                .directory(checkout.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", checkout.resolve("jdk").toString());
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/dfmvr timed out");
        return new Result(p.exitValue(), out);
    }

    @ParameterizedTest
    @CsvSource({"DFMVR_HEAP, 6", "DFMVR_HEAP, 6gb", "DFMVR_OFFHEAP, -1g", "DFMVR_OFFHEAP, 0g", "DFMVR_HEAP, 1.5g"})
    void givenAHeapSizeWithoutAWholeGigabyteUnit_whenLaunched_thenItExits2NamingTheVariableBeforeJavaStarts(
            String variable, String value, @TempDir Path tmp) throws Exception {
        Result r = launch(standIn(tmp), variable, value);
        assertEquals(2, r.status(), r.output());
        assertThat(r.output()).contains(variable).contains("'" + value + "'").doesNotContain("java started");
    }

    @Test
    void givenHeapSizesInGigabytes_whenLaunched_thenJavaGetsHeapOffHeapAndTheirSumPlusTwoAsThePhysicalLimit(
            @TempDir Path tmp) throws Exception {
        Result r = launch(standIn(tmp), "DFMVR_HEAP", "3g", "DFMVR_OFFHEAP", "5G");
        assertEquals(0, r.status(), r.output());
        assertThat(r.output()).contains("java started: -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=5G "
                + "-Dorg.bytedeco.javacpp.maxphysicalbytes=10G");
    }
}
