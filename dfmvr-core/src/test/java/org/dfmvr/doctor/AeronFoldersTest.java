package org.dfmvr.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} removes the Aeron folders whose process is gone and keeps those a live process maps (and those too
 * young to tell); the folder of a JVM is found through its memory maps, as the train job's exit hook finds its own.
 */
class AeronFoldersTest {
    @TempDir
    Path shm;

    @Test
    void givenAStaleALiveAndANewAeronFolder_whenDoctorCleans_thenOnlyTheStaleOneIsRemovedAndNamed() throws Exception {
        Path stale = folder("aeron-root-stale", 3600);
        Path young = folder("aeron-root-young", 0);
        Path live = folder("aeron-root-live", 3600);
        Path unrelated = folder("not-aeron", 3600);
        try (FileChannel ch = FileChannel.open(live.resolve("cnc.dat"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, 4096); // as a media driver maps it
            mapped.put(0, (byte) 1);
            age(live, 3600);
            assertThat(AeronFolders.mappedBy(ProcessHandle.current().pid(), shm)).contains(live.toAbsolutePath());

            CheckResult result = AeronFolders.removeStale(shm);

            System.out.println(result.format());
            assertThat(result.status()).isEqualTo(CheckResult.Status.PASS);
            assertThat(result.detail()).contains("removed 1 stale", "aeron-root-stale", "process gone");
            assertThat(stale).doesNotExist();
            assertThat(live).exists();
            assertThat(young).exists();
            assertThat(unrelated).exists();
        }
    }

    @Test
    void givenNoStaleFolder_thenDoctorSaysSo() {
        assertThat(AeronFolders.removeStale(shm).detail()).startsWith("no stale folder");
    }

    private Path folder(String name, long ageSeconds) throws IOException {
        Path dir = Files.createDirectories(shm.resolve(name));
        Files.write(dir.resolve("cnc.dat"), new byte[4096]);
        age(dir, ageSeconds);
        return dir;
    }

    private static void age(Path dir, long seconds) throws IOException {
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minusSeconds(seconds)));
    }
}
