package org.dfmvr.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Environment checks users run before a job ({@code dfmvr doctor}) and the train job runs on the driver: each returns
 * a {@link CheckResult} with a fix hint instead of throwing, so one run lists every problem.
 *
 * <p>The checks target what DL4J-on-Spark users keep hitting: Java 17 module flags, the native backend, off-heap
 * limits, Aeron's shared memory and ports, and a host name that resolves to loopback.
 */
public final class Preflight {
    /** Aeron's media driver maps its log buffers in /dev/shm; below this the parameter server fails at start. */
    static final long MIN_SHM_BYTES = 512L << 20;

    private Preflight() {
    }

    public static CheckResult javaVersion() {
        int feature = Runtime.version().feature();
        String v = System.getProperty("java.version");
        return feature >= 17
                ? CheckResult.pass("java", v + " (" + System.getProperty("java.vm.name") + ")")
                : CheckResult.fail("java", v, "install a JDK 17 and put it first on PATH (or set JAVA_HOME)");
    }

    /**
     * The {@code --add-opens} flags and system properties Spark and ND4J need on Java 17, as listed in
     * {@code dfmvr/jvm-options.txt} (generated from the root pom), checked against what this JVM really has.
     */
    public static CheckResult jvmFlags() {
        List<String> required = requiredJvmOptions();
        List<String> missing = new ArrayList<>();
        Module unnamed = Preflight.class.getClassLoader().getUnnamedModule();
        for (String opt : required) {
            if (opt.startsWith("--add-opens=")) {
                String[] moduleAndPackage = opt.substring("--add-opens=".length(), opt.indexOf('=', 12)).split("/");
                boolean open = ModuleLayer.boot().findModule(moduleAndPackage[0])
                        .map(m -> m.isOpen(moduleAndPackage[1], unnamed)).orElse(false);
                if (!open) {
                    missing.add(opt);
                }
            } else if (opt.startsWith("-D")) {
                String[] kv = opt.substring(2).split("=", 2);
                if (!kv[1].equals(System.getProperty(kv[0]))) {
                    missing.add(opt);
                }
            }
        }
        if (missing.isEmpty()) {
            return CheckResult.pass("jvm flags", required.size() + " required options present");
        }
        return CheckResult.fail("jvm flags", missing.size() + " missing, first: " + missing.get(0),
                "run through bin/dfmvr or deploy/spark-submit-*.sh, or add the options in dfmvr/jvm-options.txt "
                        + "to spark.driver.extraJavaOptions and spark.executor.extraJavaOptions");
    }

    /** The JVM options of {@code dfmvr/jvm-options.txt}, one token each. */
    public static List<String> requiredJvmOptions() {
        try (InputStream in = Preflight.class.getClassLoader().getResourceAsStream("dfmvr/jvm-options.txt")) {
            if (in == null) {
                throw new IllegalStateException("dfmvr/jvm-options.txt missing from the classpath (broken build)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.stream(text.split("\\s+")).filter(s -> !s.startsWith("-XX:")).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dfmvr/jvm-options.txt", e);
        }
    }

    /**
     * JavaCPP's off-heap limits (ND4J's arrays live there) against the machine's memory: a limit above physical memory
     * means the OS kills the executor instead of ND4J failing with a clear out-of-memory error.
     */
    public static CheckResult offHeap(long maxBytes, long maxPhysicalBytes, long physicalMemory, long maxHeap) {
        String detail = String.format(Locale.ROOT, "maxbytes %s, maxphysicalbytes %s, heap %s, RAM %s",
                human(maxBytes), human(maxPhysicalBytes), human(maxHeap), human(physicalMemory));
        if (maxPhysicalBytes > 0 && physicalMemory > 0 && maxPhysicalBytes > physicalMemory) {
            return CheckResult.fail("off-heap", detail, "lower DFMVR_OFFHEAP (and DFMVR_HEAP): bin/dfmvr sets "
                    + "maxphysicalbytes = heap + off-heap + 2g, which must stay below RAM (with spark-submit: "
                    + "-Dorg.bytedeco.javacpp.maxphysicalbytes <= executor memory + spark.executor.memoryOverhead)");
        }
        if (maxBytes > 0 && physicalMemory > 0 && maxHeap + maxBytes > physicalMemory) {
            return CheckResult.warn("off-heap", detail, "heap + off-heap may exceed RAM: lower DFMVR_HEAP or "
                    + "DFMVR_OFFHEAP (bin/dfmvr's -Xmx and -Dorg.bytedeco.javacpp.maxbytes)");
        }
        return CheckResult.pass("off-heap", detail);
    }

    /** Aeron (the parameter server's transport) needs shared memory; containers default to 64 MB. */
    public static CheckResult sharedMemory(Path shm) {
        return sharedMemory(shm, MIN_SHM_BYTES);
    }

    /** As {@link #sharedMemory(Path)} against {@code needBytes}, e.g. from {@link #aeronShmBytes(long, int)}. */
    public static CheckResult sharedMemory(Path shm, long needBytes) {
        if (!Files.isDirectory(shm)) {
            return CheckResult.warn("/dev/shm", shm + " not found", "Aeron falls back to the temp dir; "
                    + "training works but slower");
        }
        try {
            long free = Files.getFileStore(shm).getUsableSpace();
            return free >= needBytes
                    ? CheckResult.pass("/dev/shm", human(free) + " free, need " + human(needBytes))
                    : CheckResult.fail("/dev/shm", human(free) + " free, need " + human(needBytes),
                    "enlarge it: docker --shm-size=2g, or a Kubernetes emptyDir with medium: Memory at /dev/shm");
        } catch (IOException e) {
            return CheckResult.warn("/dev/shm", "cannot stat: " + e.getMessage(), "check permissions of " + shm);
        }
    }

    /**
     * Shared memory one parameter-server node maps: an Aeron log buffer (3 terms of {@code termBufferLength}, DL4J's
     * default 32 MiB, {@code -Daeron.term.buffer.length}) for its publication to and its image of each of
     * {@code peers} other nodes, plus 1 MiB of driver files. An upper bound: the mesh may connect a node to fewer.
     */
    public static long aeronShmBytes(long termBufferLength, int peers) {
        return 2L * Math.max(1, peers) * 3 * termBufferLength + (1L << 20);
    }

    /**
     * The parameter server picks each node's address from the interfaces inside its network mask (CIDR, e.g.
     * {@code 10.0.0.0/16}): a mask that matches no interface of a host leaves that node unreachable.
     */
    public static CheckResult networkMask(String cidr) {
        String[] parts = cidr.split("/");
        List<String> seen = new ArrayList<>();
        try {
            int bits = Integer.parseInt(parts[1]);
            int net = ipv4(InetAddress.getByName(parts[0]));
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (a.getAddress().length == 4) {
                        seen.add(nic.getName() + " " + a.getHostAddress());
                        if ((ipv4(a) & mask) == (net & mask)) {
                            return CheckResult.pass("network mask", cidr + " matches " + nic.getName() + " "
                                    + a.getHostAddress());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return CheckResult.fail("network mask", "cannot read " + cidr + ": " + e.getMessage(),
                    "set dfmvr.parameter-server.network-mask to a CIDR mask like 10.0.0.0/16");
        }
        return CheckResult.fail("network mask", cidr + " matches no interface (IPv4 here: " + seen + ")",
                "set dfmvr.parameter-server.network-mask to the subnet the driver and executors share");
    }

    /**
     * ND4J's off-heap arrays count against a container's memory beyond the heap: on YARN/Kubernetes an executor whose
     * JavaCPP limit exceeds {@code spark.executor.memoryOverhead} is killed by the cluster manager instead of failing
     * with a clear out-of-memory error. {@code enforced}: the cluster manager kills containers over their limit.
     */
    public static CheckResult offHeapBudget(long maxBytes, long overheadBytes, boolean enforced) {
        String detail = "javacpp maxbytes " + human(maxBytes) + ", spark.executor.memoryOverhead "
                + human(overheadBytes);
        if (maxBytes > 0 && maxBytes <= overheadBytes) {
            return CheckResult.pass("off-heap budget", detail);
        }
        String hint = "set -Dorg.bytedeco.javacpp.maxbytes (and maxphysicalbytes) in spark.executor.extraJavaOptions "
                + "to at most spark.executor.memoryOverhead, or raise spark.executor.memoryOverhead";
        return enforced ? CheckResult.fail("off-heap budget", detail, hint)
                : CheckResult.warn("off-heap budget", detail + " (no container limit here)", hint);
    }

    private static int ipv4(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException(a + " is not an IPv4 address");
        }
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** The parameter server listens on UDP (Aeron) and Spark on TCP: the port must be free for both. */
    public static CheckResult portFree(String name, String host, int port) {
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            return CheckResult.fail(name, "TCP " + host + ":" + port + " in use (" + e.getMessage() + ")",
                    "stop what holds it (ss -ltnp | grep " + port + ") or choose another port in the config");
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, port))) {
            return CheckResult.pass(name, host + ":" + port + " free (TCP and UDP)");
        } catch (IOException e) {
            return CheckResult.fail(name, "UDP " + host + ":" + port + " in use (" + e.getMessage() + ")",
                    "stop what holds it (ss -lunp | grep " + port + ") or choose another port in the config");
        }
    }

    /**
     * Spark executors and the parameter server reach the driver by the address its host name resolves to; a name
     * that resolves to loopback works locally and silently breaks a cluster.
     */
    public static CheckResult hostResolution() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            String detail = local.getHostName() + " -> " + local.getHostAddress();
            if (local.isLoopbackAddress()) {
                return CheckResult.warn("host address", detail, "fine for local runs; on a cluster set SPARK_LOCAL_IP "
                        + "and spark.driver.host to a routable IP, and the parameter server's network mask to its subnet");
            }
            return CheckResult.pass("host address", detail);
        } catch (UnknownHostException e) {
            return CheckResult.fail("host address", "host name does not resolve: " + e.getMessage(),
                    "add the host name to /etc/hosts or set SPARK_LOCAL_IP");
        }
    }

    /** Physical memory of this machine in bytes (0 when unknown). */
    public static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    static String human(long bytes) {
        if (bytes <= 0) {
            return "unset";
        }
        double g = bytes / (double) (1L << 30);
        return g >= 1 ? String.format(Locale.ROOT, "%.1f GiB", g)
                : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
