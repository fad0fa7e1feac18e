package org.dfmvr.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.junit.jupiter.api.Test;

/** The job-level quarantine guard and the closing summary every job prints. */
class QuarantineLimitTest {
    private static JobSummary summary(long in, long out, long quarantined) {
        QuarantineReasons reasons = new QuarantineReasons();
        for (int i = 0; i < quarantined; i++) {
            reasons.add("s" + i, "views", "missing_view: has [front], needs 3");
        }
        return JobSummary.of("infer", "samples", in, out, quarantined, reasons, Map.of("meshes", "/tmp/out"));
    }

    @Test
    void givenAQuarantineShareAboveTheLimit_whenChecked_thenTheRunFailsNamingTheKeyAndTheShare() {
        QuarantineLimit limit = new QuarantineLimit(0.5);

        assertThat(limit.violation(summary(10, 4, 6))).hasValueSatisfying(m -> assertThat(m)
                .contains("6 of 10 samples").contains("60.0 %").contains(QuarantineLimit.KEY));
    }

    @Test
    void givenAQuarantineShareAtOrBelowTheLimit_whenChecked_thenTheRunPasses() {
        QuarantineLimit limit = new QuarantineLimit(0.5);

        assertThat(limit.violation(summary(10, 5, 5))).isEmpty();
        assertThat(limit.violation(summary(10, 10, 0))).isEmpty();
    }

    @Test
    void givenNothingProducedFromANonEmptyInput_whenCheckedEvenWithTheShareCheckOff_thenTheRunFails() {
        assertThat(new QuarantineLimit(1.0).violation(summary(3, 0, 3)))
                .hasValueSatisfying(m -> assertThat(m).contains("produced nothing from 3 samples"));
    }

    @Test
    void givenAnEmptyInput_whenChecked_thenTheGuardHasNothingToSay() {
        assertThat(new QuarantineLimit(0.0).violation(summary(0, 0, 0))).isEmpty();
    }

    @Test
    void givenTheReferenceConfig_whenRead_thenTheLimitIsHalfAndAShareOutsideZeroOneIsAConfigErrorNamingTheKey() {
        assertThat(QuarantineLimit.from(DfmvrConfig.load(null, Map.of())).maxShare()).isEqualTo(0.5);
        assertThatThrownBy(() -> QuarantineLimit.from(DfmvrConfig.load(null, Map.of(QuarantineLimit.KEY, "1.5"))))
                .isInstanceOf(ConfigError.class).hasMessageContaining(QuarantineLimit.KEY);
    }

    @Test
    void givenATrippedGuard_whenReported_thenTheSummaryGoesToStdoutTheReasonToStderrAndTheExitCodeIsFour() {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            rc = new QuarantineLimit(0.5).report(summary(2, 0, 2));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(rc).isEqualTo(ExitCodes.QUARANTINE_LIMIT);
        assertThat(o.toString(StandardCharsets.UTF_8)).contains("== infer summary ==")
                .contains("samples in: 2, out: 0, quarantined: 2").contains("2 x views: missing_view")
                .contains("e.g. s0, s1").contains("first: missing_view: has [front], needs 3")
                .contains("meshes: /tmp/out");
        assertThat(e.toString(StandardCharsets.UTF_8)).contains("infer failed: infer produced nothing");
    }

    @Test
    void givenReasonsThatDifferOnlyInPathsAndNumbers_whenTallied_thenTheyAreOneKindWithExamples() {
        QuarantineReasons r = new QuarantineReasons()
                .add("a", "detect", "no face found in the front view /data/a/front.png (score threshold 0.6)")
                .add("b", "detect", "no face found in the front view /data/b/front.png (score threshold 0.6)")
                .add("c", "read", "missing_view: has [left], needs 3")
                .add("d", "read", "missing_view: has [left, right], needs 3")
                .add("e", "read", "missing_view: has [], needs 3")
                .add("f", "decode", "something else entirely");

        List<QuarantineReasons.Kind> top = r.top(2);

        assertThat(r.total()).isEqualTo(6);
        assertThat(top).extracting(QuarantineReasons.Kind::kind).containsExactly("read: missing_view",
                "detect: no face found in the front view … (score threshold #)");
        assertThat(top.get(0).count()).isEqualTo(3);
        assertThat(top.get(0).exampleIds()).containsExactly("c", "d", "e");
        assertThat(top.get(0).firstReason()).isEqualTo("missing_view: has [left], needs 3");
        assertThat(QuarantineReasons.kindOf("detect", "no .lm68.txt sidecar for /a/b.png"))
                .isEqualTo("detect: no .lm68.txt sidecar for …");
        // a URI scheme is no reason code
        assertThat(QuarantineReasons.kindOf("read", "file:/t/a.obj: unreadable mesh: line 1: got 2"))
                .isEqualTo("read: … unreadable mesh: line #: got #");
    }

    @Test
    void givenTwoPartialTallies_whenMerged_thenCountsAddAndExamplesStayCapped() {
        QuarantineReasons a = new QuarantineReasons(), b = new QuarantineReasons();
        for (int i = 0; i < 3; i++) {
            a.add("a" + i, "read", "unreadable: x");
            b.add("b" + i, "read", "unreadable: y");
        }

        QuarantineReasons.Kind merged = a.merge(b).top(1).get(0);

        assertThat(merged.count()).isEqualTo(6);
        assertThat(merged.exampleIds()).hasSize(QuarantineReasons.EXAMPLES);
    }
}
