package org.dfmvr.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded {@code dfmvr-app.jar} (what {@code spark-submit} gets) stands on its own: run in a fresh JVM with nothing
 * else on the classpath, every job's {@code --class} starts, the subcommands are all registered, the reference
 * configuration and the shipped models (YuNet detector, ict-face) are inside, and the ND4J native backend loads from
 * it.
 */
class ApplicationJarIT {
    private static final Path JAR = Path.of("target", "dfmvr-app.jar");

    private static String run(String mainClass, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR.toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", JAR.toString(), mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void givenTheAppJarAlone_whenTheCliListsCommands_thenAllJobsAreRegistered() throws Exception {
        assertThat(run("org.dfmvr.cli.DfmvrCli", "--help"))
                .contains("synth", "ingest", "train", "infer", "eval", "quickstart", "doctor");
    }

    @Test
    void givenTheAppJarAlone_whenEachSparkSubmitClassIsAskedForHelp_thenItStarts() throws Exception {
        for (String job : List.of("org.dfmvr.ingest.SynthJob", "org.dfmvr.ingest.IngestJob", "org.dfmvr.train.TrainJob",
                "org.dfmvr.infer.InferJob", "org.dfmvr.eval.EvalJob")) {
            assertThat(run(job, "--help")).as(job).contains("Cluster:  spark-submit --class " + job);
        }
    }

    @Test
    void givenTheAppJar_whenListed_thenTheShippedModelsAndTheirLicencesAreInside() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR.toAbsolutePath());
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            for (String entry : List.of("dfmvr/models/yunet/yunet_s_640_640.onnx", "dfmvr/models/yunet/LICENSE",
                    "dfmvr/models/ict-face/ict-face.bin.gz", "dfmvr/models/ict-face/LICENSE")) {
                assertThat(jar.getEntry(entry)).as(entry).isNotNull();
            }
        }
    }

    @Test
    void givenTheAppJarAlone_whenTheConfigIsPrinted_thenThePackagedDefaultsAreThere() throws Exception {
        assertThat(run("org.dfmvr.train.TrainJob", "--print-config")).contains("\"preset\" : \"tiny\"");
    }
}
