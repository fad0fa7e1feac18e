package org.dfmvr.progress;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Quarantine rows tallied by kind of reason, with a few example sample ids per kind, for a job's closing summary.
 * Mutable while a job adds rows ({@link #add}, {@link #merge}: usable as a Spark aggregate), then read through
 * {@link #top}.
 *
 * <p>The kind of a reason is its stage plus the reason with what differs between samples taken out: a leading
 * {@code snake_case:} code alone when the reason has one ({@code missing_view: has [front], needs 3} is
 * {@code missing_view}), otherwise the text with paths and numbers replaced by {@code …} and {@code #}.
 */
public final class QuarantineReasons implements Serializable {
    /** Example sample ids kept per kind. */
    public static final int EXAMPLES = 3;
    private static final Pattern CODE = Pattern.compile("^([a-z][a-z0-9_]*):(\\s.*)?", Pattern.DOTALL);
    private static final Pattern PATH = Pattern.compile("\\S*[/\\\\]\\S*");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d+(\\.\\d+)?([eE]-?\\d+)?(?!\\w)");
    private static final int MAX_KIND_LENGTH = 120;

    private long total;

    /** One kind of reason: how many rows, the first example ids and the first full reason. */
    public record Kind(String kind, long count, List<String> exampleIds, String firstReason) implements Serializable {
    }

    private static final class Counter implements Serializable {
        long count;
        final List<String> examples = new ArrayList<>();
        String firstReason;
    }

    private final Map<String, Counter> counters = new LinkedHashMap<>();

    /** Adds one quarantine row. */
    public QuarantineReasons add(String sampleId, String stage, String reason) {
        Counter c = counters.computeIfAbsent(kindOf(stage, reason), k -> new Counter());
        if (c.firstReason == null) {
            c.firstReason = reason;
        }
        c.count++;
        if (c.examples.size() < EXAMPLES) {
            c.examples.add(sampleId);
        }
        total++;
        return this;
    }

    /** Adds the rows of {@code other} (for combining per-partition tallies); returns this. */
    public QuarantineReasons merge(QuarantineReasons other) {
        for (Map.Entry<String, Counter> e : other.counters.entrySet()) {
            Counter c = counters.computeIfAbsent(e.getKey(), k -> new Counter());
            if (c.firstReason == null) {
                c.firstReason = e.getValue().firstReason;
            }
            c.count += e.getValue().count;
            for (String id : e.getValue().examples) {
                if (c.examples.size() < EXAMPLES) {
                    c.examples.add(id);
                }
            }
        }
        total += other.total;
        return this;
    }

    /** Rows added. */
    public long total() {
        return total;
    }

    /** The {@code n} most frequent kinds, most frequent first (ties by kind). */
    public List<Kind> top(int n) {
        return counters.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Counter>>comparingLong(e -> -e.getValue().count)
                        .thenComparing(Map.Entry::getKey))
                .limit(n)
                .map(e -> new Kind(e.getKey(), e.getValue().count, List.copyOf(e.getValue().examples),
                        String.valueOf(e.getValue().firstReason)))
                .toList();
    }

    /** The kind of a reason, as described in the class comment. */
    public static String kindOf(String stage, String reason) {
        String r = reason == null ? "" : reason.strip();
        java.util.regex.Matcher code = CODE.matcher(r);
        String kind;
        if (code.matches()) {
            kind = code.group(1);
        } else {
            kind = NUMBER.matcher(PATH.matcher(r).replaceAll("…")).replaceAll("#");
            int nl = kind.indexOf('\n');
            kind = nl >= 0 ? kind.substring(0, nl) : kind;
            kind = kind.length() > MAX_KIND_LENGTH ? kind.substring(0, MAX_KIND_LENGTH) + "…" : kind;
        }
        return (stage == null || stage.isBlank() ? "" : stage.toLowerCase(Locale.ROOT) + ": ") + kind;
    }
}
