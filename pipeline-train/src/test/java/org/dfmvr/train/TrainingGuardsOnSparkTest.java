package org.dfmvr.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.train.backend.BackendSettings;
import org.dfmvr.train.backend.ParameterAveragingBackend;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.dfmvr.train.TrainingGuardTest.CHECK_STEPS;
import static org.dfmvr.train.TrainingGuardTest.batches;

/** The guard and the step watchdog around a real epoch on local-mode Spark executors (parameter averaging). */
@Tag("slow")
@Tag("spark")
class TrainingGuardsOnSparkTest {
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
