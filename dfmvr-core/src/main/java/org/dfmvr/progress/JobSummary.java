package org.dfmvr.progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a job did, told to the user when it ends: counts in / out / quarantined, the most frequent quarantine reasons
 * with example sample ids, where the outputs are, and job-specific lines (e.g. eval's summary table). Every job
 * builds one and prints {@link #render()}; {@link QuarantineLimit} decides from it whether the run failed.
 *
 * @param job         the command name ({@code ingest}, {@code infer}, ...)
 * @param unit        what is counted ("samples", "pairs")
 * @param in          items the job was given (listed input, including items quarantined while listing), &gt;= 0
 * @param out         items it produced (written, reconstructed or kept, evaluated), &gt;= 0
 * @param quarantined items set aside with a reason, &gt;= 0
 * @param reasons     the quarantine rows by kind of reason
 * @param outputs     label to location (folder, file, URI), in display order
 * @param details     further lines shown under the counts, in order (may be empty)
 */
public record JobSummary(String job, String unit, long in, long out, long quarantined, QuarantineReasons reasons,
                         Map<String, String> outputs, List<String> details) {
    /** Quarantine kinds listed in the rendered summary. */
    public static final int TOP_REASONS = 5;
    /** Characters of a kind's first full reason shown. */
    static final int MAX_REASON = 400;

    public JobSummary {
        if (in < 0 || out < 0 || quarantined < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got in " + in + ", out " + out
                    + ", quarantined " + quarantined);
        }
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        details = List.copyOf(details);
    }

    /** A summary without details. */
    public static JobSummary of(String job, String unit, long in, long out, long quarantined,
                                QuarantineReasons reasons, Map<String, String> outputs) {
        return new JobSummary(job, unit, in, out, quarantined, reasons, outputs, List.of());
    }

    /** The same summary with more detail lines. */
    public JobSummary withDetails(List<String> more) {
        List<String> all = new ArrayList<>(details);
        all.addAll(more);
        return new JobSummary(job, unit, in, out, quarantined, reasons, outputs, all);
    }

    /** Quarantined share of the input in [0, 1]; 0 for an empty input. */
    public double quarantineShare() {
        return in == 0 ? 0 : Math.min(1.0, quarantined / (double) in);
    }

    /** The closing summary as console text, one line per fact, ending with a newline. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("== ").append(job).append(" summary ==\n");
        s.append(String.format(Locale.ROOT, "  %s in: %d, out: %d, quarantined: %d (%.1f %%)%n", unit, in, out,
                quarantined, 100 * quarantineShare()));
        List<QuarantineReasons.Kind> top = reasons.top(TOP_REASONS);
        if (!top.isEmpty()) {
            s.append("  top quarantine reasons:\n");
            for (QuarantineReasons.Kind k : top) {
                s.append(String.format(Locale.ROOT, "    %6d x %s  (e.g. %s)%n", k.count(), k.kind(),
                        String.join(", ", k.exampleIds())));
                String first = k.firstReason().replaceAll("\\s+", " ");
                s.append("             first: ").append(first.length() > MAX_REASON ? first.substring(0, MAX_REASON)
                        + "…" : first).append('\n');
            }
        }
        for (String d : details) {
            s.append("  ").append(d).append('\n');
        }
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            s.append("  ").append(o.getKey()).append(": ").append(o.getValue()).append('\n');
        }
        return s.toString();
    }
}
