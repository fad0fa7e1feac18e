package org.dfmvr.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between the configuration a run started with (saved in every checkpoint's {@link TrainState}) and the
 * one it is resumed with, key by key, and which differences a resume accepts.
 *
 * <p>Accepted: where and how long the run goes and how it is watched, none of which changes the optimisation of the
 * epochs already planned ({@link #ALLOWED}: more or fewer {@code epochs}, {@code out}, {@code data} (its location; a
 * change of its contents is not detected), {@code resume}/{@code overwrite}, checkpoint cadence and count, guards,
 * watchdog, preflight, and the parameter server's addresses and port, which a new cluster changes). Refused: every
 * other {@code dfmvr.train.*} key (network, batch size, learning rate, backend, threshold, loss, sample transforms,
 * batch-norm recalibration) and {@code dfmvr.run.seed}: they change what the remaining epochs compute, so the result
 * would be neither the original run nor a new one. Keys of other jobs and of Spark are not compared.
 */
final class ResumeCompatibility {
    /** Keys (relative to {@code dfmvr}) a resume may change; a key ending in {@code .} covers its subtree. */
    static final Set<String> ALLOWED = Set.of("train.epochs", "train.out", "train.data", "train.resume",
            "train.overwrite", "train.checkpoint-every", "train.checkpoints-kept", "train.guard.", "train.watchdog.",
            "train.preflight", "parameter-server.");
    /** Subtrees (relative to {@code dfmvr}) that are compared at all. */
    private static final List<String> COMPARED = List.of("train.", "run.seed", "parameter-server.");

    private ResumeCompatibility() {
    }

    /** One key whose value differs ({@code null}: absent on that side). */
    record Difference(String key, String stored, String now, boolean allowed) {
        String format() {
            return "dfmvr." + key + ": " + (stored == null ? "(absent)" : stored) + " -> "
                    + (now == null ? "(absent)" : now);
        }
    }

    /**
     * The compared keys whose values differ, sorted by key.
     *
     * @param storedHocon the run's configuration as {@code DfmvrConfig.render()} wrote it (the {@code dfmvr} tree)
     * @param nowHocon    the resuming job's, the same way
     */
    static List<Difference> compare(String storedHocon, String nowHocon) {
        Map<String, String> stored = flatten(storedHocon);
        Map<String, String> now = flatten(nowHocon);
        Set<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(now.keySet());
        List<Difference> out = new ArrayList<>();
        for (String k : keys) {
            String a = stored.get(k);
            String b = now.get(k);
            if (compared(k) && !java.util.Objects.equals(a, b)) {
                out.add(new Difference(k, a, b, allowed(k)));
            }
        }
        return out;
    }

    static boolean allowed(String key) {
        return ALLOWED.stream().anyMatch(a -> a.endsWith(".") ? key.startsWith(a) : key.equals(a));
    }

    private static boolean compared(String key) {
        return COMPARED.stream().anyMatch(c -> c.endsWith(".") ? key.startsWith(c) : key.equals(c));
    }

    private static Map<String, String> flatten(String hocon) {
        Config c = ConfigFactory.parseString(hocon);
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            flat.put(e.getKey(), e.getValue().render());
        }
        return flat;
    }
}
