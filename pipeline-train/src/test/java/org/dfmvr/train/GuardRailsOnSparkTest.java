package org.dfmvr.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.train.backend.BackendSettings;
import org.dfmvr.train.backend.ClusterPreflight;
import org.dfmvr.train.backend.EpochResult;
import org.dfmvr.train.backend.ParameterAveragingBackend;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.Serializable;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.dfmvr.train.TrainingGuardTest.CHECK_STEPS;
import static org.dfmvr.train.TrainingGuardTest.batches;

/**
 * The guard rails around a real epoch on local-mode Spark (parameter averaging): the training guard, the step
 * watchdog, the preflight and the per-executor memory columns. One class, so the tests share one Spark start.
 */
@Tag("slow")
@Tag("spark")
class GuardRailsOnSparkTest {
    /** Released by the test; the stalling listener waits on it (same JVM: local mode). */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Test
    void givenNaNInputOnAnExecutor_whenAnEpochRuns_thenTheDriverGetsTheGuardsDiagnosis() {
        ComputationGraph model = TrainingGuardTest.model(new Sgd(1e-2));
        var rdd = LocalSpark.context().parallelize(batches(8, true), 2);
        try (var backend = new ParameterAveragingBackend(LocalSpark.context(), model,
                BackendSettings.loopback(4, 1e-3, 1, 40123), List.of(new TrainingGuard(CHECK_STEPS)))) {
            Throwable failure = catchThrowable(() -> backend.fitEpoch(rdd));
            assertThat(TrainingGuard.find(failure)).get().extracting(Throwable::getMessage).asString()
                    .startsWith(TrainingGuard.PREFIX + "loss is NaN at step 0 ")
                    .contains("last finite loss none (first step)");
        }
    }

    @Test
    void givenAStepThatNeverCompletes_whenTheWatchdogTimesOut_thenTheEpochFailsFastNamingTheCause() {
        ComputationGraph model = TrainingGuardTest.model(new Sgd(1e-2));
        var rdd = LocalSpark.context().parallelize(batches(8, false), 2);
        try (var backend = new ParameterAveragingBackend(LocalSpark.context(), model,
                BackendSettings.loopback(4, 1e-3, 1, 40124), List.of(new TrainingGuard(CHECK_STEPS), new Stall()));
             var watchdog = new StepWatchdog(LocalSpark.context(), Duration.ofSeconds(2), "Check the stalled step.")) {
            long t0 = System.nanoTime();
            Throwable failure = catchThrowable(() -> watchdog.run(() -> backend.fitEpoch(rdd)));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("watchdog: epoch failed after %.1f s: %s%n", seconds, failure);

            assertThat(failure).isInstanceOf(StepWatchdog.StepTimeoutException.class)
                    .hasMessage("no training step completed in 2 s (dfmvr.train.watchdog.step-timeout); the epoch was "
                            + "cancelled. Check the stalled step.");
            assertThat(seconds).as("fails soon after the 2 s timeout, not after the 120 s stall").isLessThan(30);
        } finally {
            RELEASE.countDown();
        }
    }

    @Test
    void givenAHeldParameterServerPortAndAForeignNetworkMask_whenPreflightRuns_thenBothFailWithTheirFixes()
            throws Exception {
        try (DatagramSocket held = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            BackendSettings settings = new BackendSettings(4, 1, 1e-3, false, 1, 1, "203.0.113.0/24", "127.0.0.1",
                    held.getLocalPort(), "DL4J_PS_PORT", true);
            ClusterPreflight.Report report = ClusterPreflight.run(LocalSpark.context(), settings, true);
            System.out.println("preflight: " + report);

            assertThat(report.executors()).as("local mode: the driver is the only JVM").isEmpty();
            assertThat(report.failures()).hasSize(2);
            assertThat(report.failures().get(0)).startsWith("driver: parameter-server port: UDP 127.0.0.1:"
                    + held.getLocalPort() + " in use").contains("fix: stop what holds it");
            assertThat(report.failures().get(1)).startsWith("driver: network mask: 203.0.113.0/24 matches no "
                    + "interface").contains("fix: set dfmvr.parameter-server.network-mask");
        }
        BackendSettings fine = BackendSettings.loopback(4, 1e-3, 1, freeUdpPort());
        assertThat(ClusterPreflight.run(LocalSpark.context(), fine, true).failures()).isEmpty();
    }

    @Test
    void givenAHealthyEpoch_whenItsStatsAreLogged_thenEachExecutorsThroughputAndMemoryAreColumns() {
        var rdd = LocalSpark.context().parallelize(batches(8, false), 2);
        try (var backend = new ParameterAveragingBackend(LocalSpark.context(), TrainingGuardTest.model(new Sgd(1e-2)),
                BackendSettings.loopback(4, 1e-3, 1, 40125), List.of(new TrainingGuard(CHECK_STEPS)))) {
            EpochResult result = backend.fitEpoch(rdd);
            Map<String, Double> row = new LinkedHashMap<>();
            TrainRunner.executorColumns(result.stats(), 2.0, row);
            System.out.println("memory columns: " + row);

            assertThat(row.get("exec_driver_samples_per_s")).isEqualTo(32 / 2.0);
            assertThat(row.get("exec_driver_heap_used_mb")).isPositive()
                    .isLessThanOrEqualTo(row.get("exec_driver_heap_max_mb"));
            assertThat(row.get("exec_driver_offheap_mb")).isNotNegative();
            assertThat(row.get("exec_driver_rss_mb")).as("the process holds at least its heap in use")
                    .isGreaterThan(row.get("exec_driver_heap_used_mb"));
            assertThat(row).containsKey("exec_driver_offheap_max_mb").doesNotContainKey("exec_driver_gpu_used_mb");
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Blocks the first step of every worker until the test ends (at most 120 s). */
    private static final class Stall extends BaseTrainingListener implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            try {
                RELEASE.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stall interrupted", e);
            }
        }
    }
}
