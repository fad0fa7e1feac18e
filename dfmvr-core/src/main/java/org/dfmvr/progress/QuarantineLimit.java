package org.dfmvr.progress;

import java.util.Locale;
import java.util.Optional;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;

/**
 * The job-level guard over per-record quarantine (key {@value #KEY}, conf/reference/common.conf): a run whose
 * outputs were written still fails, with {@link org.dfmvr.cli.ExitCodes#QUARANTINE_LIMIT}, when it produced nothing
 * from a non-empty input, or when it quarantined more than {@code maxShare} of its input. Bad records stay
 * per-record (the job carries on and writes what it can); this only makes a mostly-failed run visible to whatever
 * launched it.
 *
 * @param maxShare largest tolerated share of quarantined input in [0, 1]; 1 turns the share check off (the
 *                 nothing-produced check stays)
 */
public record QuarantineLimit(double maxShare) {
    public static final String KEY = "dfmvr.quarantine.max-share";

    public QuarantineLimit {
        if (!(maxShare >= 0 && maxShare <= 1)) {
            throw new IllegalArgumentException(KEY + " must be in [0, 1], got " + maxShare);
        }
    }

    /** The configured limit; a value outside [0, 1] is a {@link ConfigError} naming {@value #KEY}. */
    public static QuarantineLimit from(DfmvrConfig c) {
        double v = c.getDouble(KEY);
        if (!(v >= 0 && v <= 1)) {
            throw new ConfigError(KEY, "must be a share in [0, 1] but is " + v);
        }
        return new QuarantineLimit(v);
    }

    /** Why the run fails, or empty when it passes. */
    public Optional<String> violation(JobSummary s) {
        if (s.in() > 0 && s.out() == 0) {
            return Optional.of(String.format(Locale.ROOT, "%s produced nothing from %d %s: all %d quarantined "
                    + "(reasons above and in its quarantine table)", s.job(), s.in(), s.unit(), s.quarantined()));
        }
        if (s.quarantineShare() > maxShare) {
            return Optional.of(String.format(Locale.ROOT, "%s quarantined %d of %d %s (%.1f %%), more than %s = %s "
                    + "allows (reasons above); raise it to accept such runs", s.job(), s.quarantined(), s.in(),
                    s.unit(), 100 * s.quarantineShare(), KEY, String.valueOf(maxShare)));
        }
        return Optional.empty();
    }

    /**
     * Prints the closing summary to standard output, then the violation if any to standard error, and returns the
     * exit status: {@link org.dfmvr.cli.ExitCodes#OK} or {@link org.dfmvr.cli.ExitCodes#QUARANTINE_LIMIT}.
     */
    public int report(JobSummary s) {
        System.out.print(s.render());
        System.out.flush();
        Optional<String> v = violation(s);
        if (v.isPresent()) {
            System.err.println(s.job() + " failed: " + v.get());
            System.err.flush();
            return org.dfmvr.cli.ExitCodes.QUARANTINE_LIMIT;
        }
        return org.dfmvr.cli.ExitCodes.OK;
    }
}
