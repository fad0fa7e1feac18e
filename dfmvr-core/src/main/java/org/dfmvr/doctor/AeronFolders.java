package org.dfmvr.doctor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code /dev/shm/aeron-*} folders of DL4J's parameter server: each parameter-server node (the train driver and
 * every executor) launches an embedded Aeron media driver with a folder of its own (term buffers, 8 MB and more) that
 * nothing removes when the JVM ends. A JVM that trained calls {@link #deleteOwnAtExit()}; {@code doctor} removes the
 * folders whose process is gone ({@link #removeStale}), e.g. after a kill -9.
 *
 * <p>Which process owns a folder: the one that maps its files ({@code /proc/<pid>/maps}; the media driver maps its
 * {@code cnc.dat} and log buffers for its whole life). Linux only; elsewhere nothing is found and nothing removed.
 */
public final class AeronFolders {
    /** Where Aeron puts its folders on Linux. */
    public static final Path SHM = Path.of("/dev/shm");
    /** A folder younger than this may belong to a media driver still starting (not yet mapped): kept. */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private AeronFolders() {
    }

    /** Folders under {@code /dev/shm/aeron-*} that process {@code pid} maps files of (empty if unreadable). */
    public static Set<Path> mappedBy(long pid) {
        return mappedBy(pid, SHM);
    }

    /** Folders {@code <shm>/aeron-*} that process {@code pid} maps files of (empty if unreadable). */
    static Set<Path> mappedBy(long pid, Path shm) {
        Pattern aeron = Pattern.compile("(" + Pattern.quote(shm.toAbsolutePath().toString()) + "/aeron-[^/\\s]+)");
        Set<Path> dirs = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
                Matcher m = aeron.matcher(line);
                if (m.find()) {
                    dirs.add(Path.of(m.group(1)));
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // the process ended, or belongs to someone else: nothing known
        }
        return dirs;
    }

    /**
     * Records the Aeron folders this JVM maps now and, once per JVM, registers a shutdown hook that removes every
     * folder recorded. Call it while the parameter-server node runs (after a training epoch): by the time shutdown
     * hooks run, Aeron may already have unmapped its files.
     *
     * @return the folders recorded so far
     */
    public static Set<Path> deleteOwnAtExit() {
        OWN.addAll(mappedBy(ProcessHandle.current().pid()));
        if (!OWN.isEmpty() && HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> OWN.forEach(AeronFolders::deleteTree),
                    "delete-own-aeron-folders"));
        }
        return Set.copyOf(OWN);
    }

    /**
     * Removes the {@code aeron-*} folders under {@code shm} that no running process maps, older than {@link #GRACE}.
     *
     * @return the doctor's line: what was removed (PASS), or what could not be (WARN)
     */
    public static CheckResult removeStale(Path shm) {
        return removeStale(shm, GRACE);
    }

    /** As {@link #removeStale(Path)} with another grace period for young folders (tests: zero). */
    public static CheckResult removeStale(Path shm, Duration grace) {
        if (!Files.isDirectory(shm)) {
            return CheckResult.pass("aeron folders", shm + " not found: none");
        }
        Set<Path> live = new LinkedHashSet<>();
        ProcessHandle.allProcesses().forEach(p -> live.addAll(mappedBy(p.pid(), shm)));
        List<Path> candidates;
        try (Stream<Path> list = Files.list(shm)) {
            candidates = list.filter(p -> p.getFileName().toString().startsWith("aeron-") && Files.isDirectory(p))
                    .map(Path::toAbsolutePath).sorted().toList();
        } catch (IOException e) {
            return CheckResult.warn("aeron folders", "cannot list " + shm + ": " + e.getMessage(),
                    "check permissions of " + shm);
        }
        List<String> removed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long bytes = 0;
        Instant cutoff = Instant.now().minus(grace);
        for (Path dir : candidates) {
            if (live.contains(dir) || !olderThan(dir, cutoff)) {
                continue;
            }
            long size = size(dir);
            if (deleteTree(dir)) {
                removed.add(dir.getFileName().toString());
                bytes += size;
            } else {
                failed.add(dir.getFileName().toString());
            }
        }
        int kept = candidates.size() - removed.size() - failed.size();
        String keptText = kept + " in use kept";
        if (!failed.isEmpty()) {
            return CheckResult.warn("aeron folders", "removed " + removed.size() + " stale (" + Preflight.human(bytes)
                    + "), could not remove " + failed + "; " + keptText, "remove them as their owner (rm -rf "
                    + shm + "/<name>) once no parameter-server job runs");
        }
        return CheckResult.pass("aeron folders", removed.isEmpty() ? "no stale folder; " + keptText
                : "removed " + removed.size() + " stale (" + Preflight.human(bytes) + ", process gone): "
                + String.join(", ", removed) + "; " + keptText);
    }

    private static boolean olderThan(Path dir, Instant cutoff) {
        try {
            FileTime t = Files.getLastModifiedTime(dir);
            return t.toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Deletes {@code dir} and everything under it; whether it is gone. */
    static boolean deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // reported through the return value
        }
        return !Files.exists(dir);
    }
}
