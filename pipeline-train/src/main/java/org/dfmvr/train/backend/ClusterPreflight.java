package org.dfmvr.train.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaSparkContext;
import org.bytedeco.javacpp.Pointer;
import org.dfmvr.doctor.CheckResult;
import org.dfmvr.doctor.Preflight;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks before training, on the driver and (on a cluster) in every executor JVM through a small Spark job, reusing
 * {@link Preflight}'s checks: for the parameter server its UDP/TCP port free, {@code /dev/shm} large enough for Aeron's
 * log buffers, the network mask matching an interface (an IP, not a host name, is what the nodes exchange); for every
 * backend the JVM's off-heap limits and, on executors, the JavaCPP limit against {@code spark.executor.memoryOverhead}.
 */
public final class ClusterPreflight {
    private static final int PROBE_ATTEMPTS = 8;
    private static final long DL4J_TERM_BUFFER = 1L << 25; // AeronUdpTransport's default when the property is unset
    private static final long MIB = 1L << 20;

    private ClusterPreflight() {
    }

    /**
     * What every JVM reported.
     *
     * @param driver    the driver's checks
     * @param executors executor id to its checks; empty in local mode (the driver is the only JVM)
     */
    public record Report(List<CheckResult> driver, Map<String, List<CheckResult>> executors) {
        public Report {
            driver = List.copyOf(driver);
            executors = new TreeMap<>(executors);
        }

        /** One line per FAIL, e.g. {@code executor 1: /dev/shm: 60 MiB free, need 385 MiB; fix: ...}. */
        public List<String> failures() {
            Map<String, List<CheckResult>> all = new LinkedHashMap<>();
            all.put("driver", driver);
            executors.forEach((id, checks) -> all.put("executor " + id, checks));
            List<String> out = new ArrayList<>();
            all.forEach((where, checks) -> checks.stream().filter(c -> c.status() == CheckResult.Status.FAIL)
                    .forEach(c -> out.add(where + ": " + c.name() + ": " + c.detail() + "; fix: " + c.hint())));
            return out;
        }
    }

    /** Runs the checks; {@code parameterServer} adds the parameter server's (port, shared memory, mask). */
    public static Report run(JavaSparkContext sc, BackendSettings settings, boolean parameterServer) {
        int peers = sc.isLocal() ? 1 : ExecutorProbe.executorIds(sc).size();
        long shmNeed = Preflight.aeronShmBytes(termBufferLength(), peers);
        List<CheckResult> driver = new ArrayList<>();
        if (parameterServer) {
            driver.add(portFree(settings.controllerAddress(), settings.controllerPort()));
            driver.addAll(parameterServerHost(settings.networkMask(), shmNeed));
        }
        driver.add(offHeapOfThisJvm());
        if (sc.isLocal()) {
            return new Report(driver, Map.of());
        }
        long overhead = memoryOverhead(sc);
        String master = sc.master();
        boolean enforced = master.startsWith("yarn") || master.startsWith("k8s");
        String mask = settings.networkMask();
        String portVar = settings.portEnvVar();
        int defaultPort = settings.controllerPort();
        Map<String, String> answers = ExecutorProbe.onEveryExecutor(sc, () -> {
            List<CheckResult> checks = new ArrayList<>();
            if (parameterServer) {
                String env = System.getenv(portVar);
                checks.add(portFree("0.0.0.0", env == null ? defaultPort : Integer.parseInt(env.trim())));
                checks.addAll(parameterServerHost(mask, shmNeed));
            }
            checks.add(offHeapOfThisJvm());
            checks.add(Preflight.offHeapBudget(Pointer.maxBytes(), overhead, enforced));
            return json(checks);
        }, PROBE_ATTEMPTS);
        Map<String, List<CheckResult>> parsed = new TreeMap<>();
        answers.forEach((id, text) -> parsed.put(id, parse(text)));
        return new Report(driver, parsed);
    }

    private static CheckResult portFree(String host, int port) {
        if (ModelParameterServer.getInstance().isInitialized()) {
            // a parameter-server node is a JVM singleton and stays bound after an earlier training in this JVM
            return CheckResult.pass("parameter-server port", host + ":" + port + " held by this JVM's own "
                    + "parameter-server node (started by an earlier training)");
        }
        return Preflight.portFree("parameter-server port", host, port);
    }

    private static List<CheckResult> parameterServerHost(String mask, long shmNeed) {
        return List.of(Preflight.sharedMemory(Path.of("/dev/shm"), shmNeed), Preflight.networkMask(mask));
    }

    private static CheckResult offHeapOfThisJvm() {
        return Preflight.offHeap(Pointer.maxBytes(), Pointer.maxPhysicalBytes(), Preflight.physicalMemory(),
                Runtime.getRuntime().maxMemory());
    }

    private static long termBufferLength() {
        String v = System.getProperty("aeron.term.buffer.length");
        return v == null ? DL4J_TERM_BUFFER : Long.parseLong(v.trim());
    }

    /** {@code spark.executor.memoryOverhead}, or Spark's default max(384 MiB, 10% of the executor memory). */
    static long memoryOverhead(JavaSparkContext sc) {
        var conf = sc.getConf();
        if (conf.contains("spark.executor.memoryOverhead")) {
            return conf.getSizeAsMb("spark.executor.memoryOverhead", "384m") * MIB;
        }
        long executorMb = conf.getSizeAsMb("spark.executor.memory", "1g");
        return Math.max(384, (long) (executorMb * conf.getDouble("spark.executor.memoryOverheadFactor", 0.1))) * MIB;
    }

    // as JSON text: Spark's Kryo (as some clusters configure it) cannot write records
    private static String json(List<CheckResult> checks) {
        try {
            return new ObjectMapper().writeValueAsString(checks);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CheckResult> parse(String json) {
        try {
            return new ObjectMapper().readValue(json, new TypeReference<List<CheckResult>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
