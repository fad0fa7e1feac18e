package org.dfmvr.train.cluster;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.JavaConverters;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster of separate JVMs on 127.0.0.1: one {@code deploy.master.Master} and N
 * {@code deploy.worker.Worker} processes (1 core each), started from the test classpath. A SPARK_HOME folder holds
 * {@code jars/} (symlinks to the classpath jars; the workers launch executors from it), {@code conf/log4j2.properties}
 * and a {@code RELEASE} marker. Each worker gets its own environment variable {@code DL4J_PS_PORT} (inherited by its
 * executors: DL4J M2 ignores the configured parameter-server port), web UI port, work and temp folders; executors get
 * their own {@code java.io.tmpdir} and JavaCPP cache (relative paths resolve in each executor's work folder). All
 * ports are picked free at start, so concurrent clusters on one machine do not collide.
 * <p>
 * {@link #close()} kills the processes it started (executors included) and deletes the Aeron folders in /dev/shm
 * that those processes mapped (sampled while they run: executors exit when the driver stops, before {@code close}).
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private static final String MASTER = "org.apache.spark.deploy.master.Master";
    private static final String WORKER = "org.apache.spark.deploy.worker.Worker";
    /** Aeron folders of this (driver) JVM, recorded at {@link #close()}; see {@link #deleteOwnAeronDirsAtExit()}. */
    private static final Set<Path> DRIVER_AERON_DIRS = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path sparkHome;
    private final List<String> jvmFlags;
    private final int masterPort;
    private final int masterUiPort;
    private final List<Integer> workerPsPorts = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final Set<Path> aeronDirs = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sampler =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aeron-dir-sampler");
                t.setDaemon(true);
                return t;
            });
    private Process master;

    private StandaloneCluster(Path dir, List<String> jvmFlags) throws IOException {
        this.dir = dir;
        this.sparkHome = dir.resolve("spark-home");
        this.jvmFlags = jvmFlags;
        this.masterPort = freePort();
        this.masterUiPort = freePort();
    }

    /**
     * Starts a master and {@code workerCount} workers under {@code dir} and waits until all workers registered.
     *
     * @param workerMemory memory each worker offers to executors, e.g. {@code 3g}
     */
    public static StandaloneCluster start(Path dir, int workerCount, String workerMemory, Duration timeout)
            throws IOException, InterruptedException {
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount: expected >= 1, got " + workerCount);
        }
        StandaloneCluster cluster = new StandaloneCluster(dir, jvmFlagsOfThisJvm());
        try {
            cluster.assembleSparkHome();
            cluster.startMaster();
            for (int i = 0; i < workerCount; i++) {
                cluster.startWorker(i, workerMemory);
            }
            cluster.awaitWorkers(workerCount, timeout);
            cluster.sampler.scheduleWithFixedDelay(cluster::sampleAeronDirs, 0, 500,
                    TimeUnit.MILLISECONDS);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:port}. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The parameter-server ports given to the workers' environments, by worker index. */
    public List<Integer> workerPsPorts() {
        return List.copyOf(workerPsPorts);
    }

    /** Worker processes, by index (for fault tests). */
    public List<Process> workerProcesses() {
        return List.copyOf(workers);
    }

    /** The executor JVMs worker {@code index} has launched and are alive now (children of the worker process). */
    public List<ProcessHandle> executorProcesses(int index) {
        return workers.get(index).children().filter(ProcessHandle::isAlive).toList();
    }

    /** A free port for a driver-side service (e.g. the driver's parameter-server node). */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(port)) {
                return port;
            } catch (IOException busyForUdp) {
                // try another one: the parameter server needs the port free for UDP too
            }
        }
        throw new IOException("no port free for both TCP and UDP after 20 attempts");
    }

    /**
     * A driver in this JVM (client mode) for {@code executors} executors of 1 core and {@code executorMemory} each,
     * shipping {@code appJar}; waits until all executors registered.
     */
    public JavaSparkContext connect(String appName, Path appJar, int executors, String executorMemory,
                                    Duration timeout) throws InterruptedException {
        return connect(appName, appJar, executors, executorMemory, timeout, java.util.Map.of());
    }

    /** As {@link #connect(String, Path, int, String, Duration)} with {@code extraConf} set last (overriding). */
    public JavaSparkContext connect(String appName, Path appJar, int executors, String executorMemory,
                                    Duration timeout, java.util.Map<String, String> extraConf)
            throws InterruptedException {
        JavaSparkContext sc = new JavaSparkContext(sparkConf(appName, appJar, executors, executorMemory, extraConf));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (JavaConverters.seqAsJavaList(sc.sc().getExecutorIds()).size() < executors) {
            if (System.nanoTime() > deadline) {
                int got = JavaConverters.seqAsJavaList(sc.sc().getExecutorIds()).size();
                sc.stop();
                throw new IllegalStateException("executors: expected " + executors + " registered within " + timeout
                        + ", got " + got + "\n" + logTails());
            }
            Thread.sleep(250);
        }
        return sc;
    }

    /** The JVM flags Spark and ND4J need here (for a driver started as its own process). */
    public List<String> jvmFlags() {
        return List.copyOf(jvmFlags);
    }

    /**
     * The configuration {@link #connect} gives a driver of this cluster: client mode on 127.0.0.1, Kryo, one core per
     * executor, {@code spark.task.maxFailures=1}, {@code appJar} shipped, then {@code extraConf}.
     */
    public SparkConf sparkConf(String appName, Path appJar, int executors, String executorMemory,
                               java.util.Map<String, String> extraConf) {
        String executorFlags = String.join(" ", jvmFlags)
                + " -Djava.io.tmpdir=. -Dorg.bytedeco.javacpp.cachedir=javacpp-cache";
        SparkConf conf = new SparkConf().setMaster(masterUrl()).setAppName(appName)
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.cores", "1").set("spark.cores.max", Integer.toString(executors))
                .set("spark.executor.memory", executorMemory)
                .set("spark.executor.extraJavaOptions", executorFlags)
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .set("spark.task.maxFailures", "1")
                .setJars(new String[] {appJar.toUri().toString()});
        extraConf.forEach(conf::set);
        return conf;
    }

    /** The last lines of every process log (master, workers, executors), for failure messages. */
    public String logTails() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path log : walk.filter(p -> p.getFileName().toString().matches(".*\\.log|stderr|stdout")).toList()) {
                List<String> lines = Files.readAllLines(log);
                sb.append("---- ").append(dir.relativize(log)).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException | UncheckedIOException e) {
            sb.append("(cannot read logs: ").append(e).append(")");
        }
        return sb.toString();
    }

    private void assembleSparkHome() throws IOException {
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        Path conf = Files.createDirectories(sparkHome.resolve("conf"));
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark assembled from the Maven test classpath\n");
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
                "appender.console.type = Console", "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR", "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
                "logger.dfmvr.name = org.dfmvr", "logger.dfmvr.level = info",
                "logger.ps.name = org.nd4j.parameterserver", "logger.ps.level = info",
                "logger.sps.name = org.deeplearning4j.spark.parameterserver", "logger.sps.level = info", ""));
        Set<String> names = new LinkedHashSet<>();
        for (String entry : testClassPath()) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                String name = p.getFileName().toString();
                if (!names.add(name)) {
                    name = names.size() + "-" + name;
                    names.add(name);
                }
                Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
            }
        }
    }

    /** Class directories of the test classpath (target/classes, target/test-classes): the app jar's content. */
    public static List<Path> classDirectories() {
        return testClassPath().stream().map(Path::of).filter(Files::isDirectory).toList();
    }

    private static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(File.pathSeparator));
    }

    private void startMaster() throws IOException {
        master = launch("master", List.of(MASTER, "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                "--webui-port", Integer.toString(masterUiPort)), List.of(), null);
    }

    private void startWorker(int index, String memory) throws IOException {
        int psPort = freePort();
        workerPsPorts.add(psPort);
        Path home = Files.createDirectories(dir.resolve("worker-" + index));
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        Path work = Files.createDirectories(home.resolve("work"));
        workers.add(launch("worker-" + index, List.of(WORKER, masterUrl(), "--host", "127.0.0.1", "--cores", "1",
                        "--memory", memory, "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString()),
                List.of("-Djava.io.tmpdir=" + tmp, "-Dorg.bytedeco.javacpp.cachedir=" + home.resolve("javacpp")),
                Integer.toString(psPort)));
    }

    private Process launch(String name, List<String> mainAndArgs, List<String> extraFlags, String psPort)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(jvmFlags);
        cmd.addAll(extraFlags);
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("conf") + File.pathSeparator + sparkHome.resolve("jars") + "/*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().remove("DL4J_PS_PORT");
        if (psPort != null) {
            pb.environment().put("DL4J_PS_PORT", psPort);
        }
        return pb.start();
    }

    private void awaitWorkers(int expected, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI json = URI.create("http://127.0.0.1:" + masterUiPort + "/json/");
        long deadline = System.nanoTime() + timeout.toNanos();
        int alive = -1;
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IllegalStateException("Spark master exited with " + master.exitValue() + "\n" + logTails());
            }
            try {
                String body = http.send(HttpRequest.newBuilder(json).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = ALIVE_WORKERS.matcher(body);
                if (m.find()) {
                    alive = Integer.parseInt(m.group(1));
                    if (alive >= expected) {
                        return;
                    }
                }
            } catch (IOException notUpYet) {
                // the master's web UI is not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("workers: expected " + expected + " alive within " + timeout + ", got "
                + alive + "\n" + logTails());
    }

    /** Flags this JVM runs with that Spark + ND4J need on Java 17 (the root pom's {@code spark.opens}). */
    public static List<String> jvmFlagsOfThisJvm() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Daeron.") || a.startsWith("-Djdk.reflect")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .toList();
    }

    /**
     * Deletes, at exit of this JVM, the /dev/shm/aeron-* folders this JVM had mapped when a cluster closed (the
     * driver's parameter-server node runs an embedded Aeron media driver that nothing else stops; by the time shutdown
     * hooks run, Aeron may already have unmapped them, so they are recorded at {@link #close()}).
     */
    public static void deleteOwnAeronDirsAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> DRIVER_AERON_DIRS.forEach(StandaloneCluster::deleteTree), "delete-driver-aeron-dirs"));
    }

    private void sampleAeronDirs() {
        for (Process p : workers) {
            p.descendants().forEach(h -> aeronDirs.addAll(mappedAeronDirs(h.pid())));
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        sampleAeronDirs();
        DRIVER_AERON_DIRS.addAll(mappedAeronDirs(ProcessHandle.current().pid()));
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : workers) {
            all.addAll(p.descendants().toList());
            all.add(p.toHandle());
        }
        if (master != null) {
            all.add(master.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                h.destroyForcibly();
            }
        }
        aeronDirs.forEach(StandaloneCluster::deleteTree);
    }

    /** /dev/shm/aeron-* folders a process has files of mapped (its embedded Aeron media driver's). */
    static Set<Path> mappedAeronDirs(long pid) {
        Set<Path> dirs = new LinkedHashSet<>();
        Pattern aeron = Pattern.compile("(/dev/shm/aeron-[^/\\s]+)");
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
                Matcher m = aeron.matcher(line);
                if (m.find()) {
                    dirs.add(Path.of(m.group(1)));
                }
            }
        } catch (IOException | UncheckedIOException goneOrUnreadable) {
            // the process has exited or /proc is not available: nothing to clean for it
        }
        return dirs;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover folder in /dev/shm is reported by the test, not fatal
        }
    }
}
