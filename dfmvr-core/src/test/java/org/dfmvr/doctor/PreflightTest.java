package org.dfmvr.doctor;

import org.dfmvr.doctor.CheckResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PreflightTest {
    private static final long GIB = 1L << 30;

    @Test
    void givenAPortSomeoneHolds_whenChecked_thenItFailsAndSaysHowToFindTheHolder() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CheckResult r = Preflight.portFree("ps port", "127.0.0.1", held.getLocalPort());
            assertEquals(Status.FAIL, r.status());
            assertThat(r.hint()).contains(String.valueOf(held.getLocalPort()));
        }
    }

    @Test
    void givenAFreePort_whenChecked_thenItPasses() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertEquals(Status.PASS, Preflight.portFree("ps port", "127.0.0.1", port).status());
    }

    @Test
    void givenAnOffHeapLimitAboveRam_whenChecked_thenItFails() {
        CheckResult r = Preflight.offHeap(8 * GIB, 32 * GIB, 24 * GIB, 8 * GIB);
        assertEquals(Status.FAIL, r.status());
        assertThat(r.hint()).contains("maxphysicalbytes");
    }

    @Test
    void offHeapFixesNameTheLauncherVariablesThatSetTheLimits() {
        assertThat(Preflight.offHeap(8 * GIB, 32 * GIB, 24 * GIB, 8 * GIB).hint()).startsWith("lower DFMVR_OFFHEAP");
        assertThat(Preflight.offHeap(20 * GIB, 23 * GIB, 24 * GIB, 8 * GIB).hint()).contains("DFMVR_HEAP")
                .contains("DFMVR_OFFHEAP");
    }

    @Test
    void givenHeapPlusOffHeapAboveRam_whenChecked_thenItWarns() {
        assertEquals(Status.WARN, Preflight.offHeap(20 * GIB, 23 * GIB, 24 * GIB, 8 * GIB).status());
    }

    @Test
    void givenLimitsWithinRam_whenChecked_thenItPasses() {
        assertEquals(Status.PASS, Preflight.offHeap(6 * GIB, 14 * GIB, 24 * GIB, 6 * GIB).status());
    }

    @Test
    void givenLoopbackAndAForeignSubnet_whenMasksAreChecked_thenOnlyTheMatchingOnePasses() {
        assertEquals(Status.PASS, Preflight.networkMask("127.0.0.0/8").status());
        CheckResult foreign = Preflight.networkMask("203.0.113.0/24"); // TEST-NET-3, on no machine's interface
        assertEquals(Status.FAIL, foreign.status());
        assertThat(foreign.detail()).contains("127.0.0.1");
        assertThat(foreign.hint()).contains("dfmvr.parameter-server.network-mask");
    }

    @Test
    void givenOffHeapLimitsAgainstTheExecutorOverhead_whenChecked_thenAboveItFailsOnlyWhereContainersAreEnforced() {
        assertEquals(Status.PASS, Preflight.offHeapBudget(GIB, 2 * GIB, true).status());
        assertEquals(Status.FAIL, Preflight.offHeapBudget(4 * GIB, GIB, true).status());
        assertEquals(Status.WARN, Preflight.offHeapBudget(4 * GIB, GIB, false).status());
    }

    @Test
    void givenTwoPeersAndDl4jsTermLength_whenAeronShmIsSized_thenItCoversBothDirectionsOfBothPeers(@TempDir Path dir) {
        long need = Preflight.aeronShmBytes(32L << 20, 2);
        assertEquals(2 * 2 * 3 * (32L << 20) + (1L << 20), need);
        assertEquals(Status.FAIL, Preflight.sharedMemory(dir, Long.MAX_VALUE).status());
        assertEquals(Status.PASS, Preflight.sharedMemory(dir, 1).status());
    }

    @Test
    void givenTheTestJvmStartedWithTheProjectFlags_whenChecked_thenTheJvmFlagsPass() {
        // surefire's argLine carries the same spark.opens list as bin/dfmvr, so this proves the list is complete
        CheckResult r = Preflight.jvmFlags();
        assertEquals(Status.PASS, r.status(), r.format());
    }

    @Test
    void givenTheGeneratedFlagList_whenRead_thenItHoldsTheSparkAndAeronOptions() {
        assertThat(Preflight.requiredJvmOptions())
                .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
                        "-Daeron.publication.unblock.timeout=60000000000");
    }

    @Test
    void givenNoSharedMemoryFolder_whenChecked_thenItWarnsRatherThanFails(@TempDir Path dir) {
        assertEquals(Status.WARN, Preflight.sharedMemory(dir.resolve("absent")).status());
    }

    @Test
    void givenThisMachine_whenTheBackendIsChecked_thenNd4jComputesAndNamesItsNativeBuild() {
        CheckResult r = Nd4jBackendCheck.run();
        assertEquals(Status.PASS, r.status(), r.format());
        assertThat(r.detail()).contains("linux-x86_64");
    }
}
