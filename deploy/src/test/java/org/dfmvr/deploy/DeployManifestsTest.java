package org.dfmvr.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.dfmvr.doctor.Preflight;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The deploy kit is checked, not just written: every Kubernetes manifest parses and names a job class that exists,
 * with the complete Java 17 option list; every script passes {@code bash -n} and shellcheck; the spark-submit
 * wrappers produce the command line they document (run against a stand-in spark-submit that prints its arguments).
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("").toAbsolutePath();

    private static List<Path> files(String folder, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(DEPLOY.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String run(List<String> command, Path dir, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"synth", "ingest", "train", "infer", "eval"})
    void givenAJobManifest_whenParsed_thenItIsASparkApplicationOfAnExistingClassWithTheJava17Options(String job)
            throws Exception {
        JsonNode app = new ObjectMapper(new YAMLFactory()).readTree(DEPLOY.resolve("kubernetes/" + job + ".yaml").toFile());
        assertEquals("sparkoperator.k8s.io/v1beta2", app.path("apiVersion").asText());
        assertEquals("SparkApplication", app.path("kind").asText());
        Class.forName(app.path("spec").path("mainClass").asText());
        for (String side : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
            assertThat(app.path("spec").path("sparkConf").path(side).asText().split(" "))
                    .as(side).contains(Preflight.requiredJvmOptions().toArray(String[]::new));
        }
        assertEquals("/dev/shm", app.path("spec").path("executor").path("volumeMounts").get(0).path("mountPath").asText());
    }

    @Test
    void givenEveryScript_whenSyntaxChecked_thenBashAcceptsIt() throws Exception {
        List<Path> scripts = new ArrayList<>(files("spark-submit", ".sh"));
        scripts.addAll(files("yarn", ".sh"));
        for (Path s : scripts) {
            run(List.of("bash", "-n", s.toString()), DEPLOY);
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void givenEveryScript_whenShellchecked_thenThereAreNoFindings() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/shellcheck")),
                "skipped: shellcheck is not installed (apt-get install shellcheck)");
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "-x"));
        files("spark-submit", ".sh").forEach(p -> cmd.add(p.toString()));
        files("yarn", ".sh").forEach(p -> cmd.add(p.toString()));
        cmd.add(DEPLOY.resolveSibling("bin/dfmvr").toString());
        run(cmd, DEPLOY);
    }

    @Test
    void givenTheTrainWrapper_whenRunWithGpus_thenSparkSubmitGetsTheClassGpuResourcesPortAndJavaOptions(@TempDir Path tmp)
            throws Exception {
        Path fake = tmp.resolve("spark-submit");
        Files.writeString(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        fake.toFile().setExecutable(true);
        Path jar = tmp.resolve("app.jar");
        Files.writeString(jar, "");
        String out = run(List.of("bash", DEPLOY.resolve("spark-submit/train.sh").toString(), "--data", "hdfs:///d"),
                DEPLOY, "SPARK_SUBMIT", fake.toString(), "DFMVR_JAR", jar.toString(), "GPUS_PER_EXECUTOR", "1",
                "PS_PORT", "41000");
        List<String> args = out.lines().toList();
        assertThat(args).containsSequence("--class", "org.dfmvr.train.TrainJob")
                .contains("spark.executor.resource.gpu.amount=1", "spark.executorEnv.DL4J_PS_PORT=41000",
                        "-Ddfmvr.parameter-server.port=41000")
                .containsSequence(jar.toString(), "-Ddfmvr.parameter-server.port=41000");
        assertThat(args.stream().filter(a -> a.startsWith("spark.executor.extraJavaOptions=")).findFirst().orElseThrow())
                .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }
}
