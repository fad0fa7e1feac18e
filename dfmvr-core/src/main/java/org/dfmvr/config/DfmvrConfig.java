package org.dfmvr.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one typed configuration tree of every job (HOCON, Typesafe Config).
 *
 * <p>Layers, later wins: the reference files under {@code conf/reference} (packaged in the jar as
 * {@code dfmvr/reference/*.conf}), then an optional user file ({@code --conf FILE}), then {@code key=value} overrides
 * ({@code -D} on the command line and the jobs' own options). Every key a user sets must be declared in a reference
 * file with a value of the same kind, otherwise loading fails with a {@link ConfigError} naming the key; this catches
 * typos such as {@code dfmvr.train.epoch} before any cluster work starts. Free-form maps (only
 * {@code dfmvr.spark.conf}) accept any key.
 */
public final class DfmvrConfig {
    /** Reference files, in load order; each declares the section it is named after (common declares the shared ones). */
    static final List<String> REFERENCE_FILES = List.of("common", "synth", "ingest", "train", "infer", "eval");
    private static final String ROOT = "dfmvr";
    private static final Set<String> FREE_FORM = Set.of("dfmvr.spark.conf");

    private final Config config;

    private DfmvrConfig(Config config) {
        this.config = config;
    }

    /** Only the packaged defaults. */
    public static DfmvrConfig defaults() {
        return load(null, Map.of());
    }

    /**
     * Loads the reference defaults, then {@code userFile} (may be null), then {@code overrides}
     * (full keys such as {@code dfmvr.train.epochs}; values parsed as HOCON, so {@code [1,2]} is a list).
     *
     * @throws ConfigError naming the file or key at fault
     */
    public static DfmvrConfig load(Path userFile, Map<String, String> overrides) {
        Config reference = reference();
        Config user = ConfigFactory.empty();
        if (userFile != null) {
            if (!Files.isRegularFile(userFile)) {
                throw new ConfigError(userFile.toString(), "config file not found (given with --conf)");
            }
            try {
                user = ConfigFactory.parseFile(userFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new ConfigError(userFile.toString(), "cannot parse: " + e.getMessage(), e);
            }
            checkDeclared(user, reference, userFile.toString());
        }
        Config cli = ConfigFactory.empty();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Config one = parseOverride(e.getKey(), e.getValue());
            checkDeclared(one, reference, "-D" + e.getKey());
            cli = one.withFallback(cli);
        }
        return new DfmvrConfig(cli.withFallback(user).withFallback(reference).resolve());
    }

    private static Config reference() {
        Config merged = ConfigFactory.empty();
        for (String name : REFERENCE_FILES) {
            String resource = "dfmvr/reference/" + name + ".conf";
            Config part = ConfigFactory.parseResources(DfmvrConfig.class.getClassLoader(), resource,
                    ConfigParseOptions.defaults().setAllowMissing(false));
            merged = merged.withFallback(part);
        }
        return merged;
    }

    private static Config parseOverride(String key, String value) {
        if (!key.startsWith(ROOT + ".")) {
            throw new ConfigError(key, "unknown config key: keys start with '" + ROOT + ".' (Spark settings go in "
                    + "dfmvr.spark.conf or spark-submit --conf)");
        }
        try {
            return ConfigFactory.parseString(quoteKey(key) + " = " + (value.isEmpty() ? "\"\"" : value));
        } catch (ConfigException e) {
            try { // a bare string with characters HOCON reserves, e.g. a URI with '?' or ':'
                return ConfigFactory.parseString(quoteKey(key) + " = " + ConfigValueQuoting.quote(value));
            } catch (ConfigException again) {
                throw new ConfigError(key, "cannot parse value '" + value + "': " + e.getMessage(), e);
            }
        }
    }

    private static String quoteKey(String key) {
        return key; // dotted keys are paths in HOCON, which is what we want
    }

    /** Every leaf the user set must exist in the reference, with the same kind of value. */
    private static void checkDeclared(Config user, Config reference, String source) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(ROOT + ".")) {
                throw new ConfigError(key, "unknown config key in " + source + " (all keys live under '" + ROOT + "')");
            }
            if (FREE_FORM.stream().anyMatch(p -> key.startsWith(p + "."))) {
                continue;
            }
            if (!reference.hasPathOrNull(key)) {
                throw new ConfigError(key, "unknown config key in " + source + suggestion(key, reference));
            }
            ConfigValueType expected = reference.getValue(key).valueType();
            ConfigValueType actual = e.getValue().valueType();
            if (!compatible(expected, actual, e.getValue())) {
                throw new ConfigError(key, "expected " + kind(expected) + " but " + source + " gives " + kind(actual)
                        + " (" + e.getValue().render() + ")");
            }
        }
    }

    private static boolean compatible(ConfigValueType expected, ConfigValueType actual, ConfigValue value) {
        if (expected == actual || expected == ConfigValueType.NULL) {
            return true;
        }
        // HOCON converts "5" and 5 both ways and reads durations/sizes from strings or numbers
        return switch (expected) {
            case NUMBER -> actual == ConfigValueType.STRING && isNumber(value.unwrapped().toString());
            case BOOLEAN -> actual == ConfigValueType.STRING && Set.of("true", "false", "yes", "no", "on", "off")
                    .contains(value.unwrapped().toString().toLowerCase());
            case STRING -> actual == ConfigValueType.NUMBER || actual == ConfigValueType.BOOLEAN;
            default -> false;
        };
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String kind(ConfigValueType t) {
        return t.name().toLowerCase();
    }

    private static String suggestion(String key, Config reference) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
            int d = editDistance(key, e.getKey());
            if (d < bestDistance) {
                bestDistance = d;
                best = e.getKey();
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 5) ? " (did you mean " + best + "?)" : "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    // ---- typed reads: every failure names the key ----

    public String getString(String key) {
        return read(key, config::getString);
    }

    public int getInt(String key) {
        return read(key, config::getInt);
    }

    public long getLong(String key) {
        return read(key, config::getLong);
    }

    public double getDouble(String key) {
        return read(key, config::getDouble);
    }

    public boolean getBoolean(String key) {
        return read(key, config::getBoolean);
    }

    public Duration getDuration(String key) {
        return read(key, config::getDuration);
    }

    public List<Integer> getIntList(String key) {
        return read(key, config::getIntList);
    }

    public List<String> getStringList(String key) {
        return read(key, config::getStringList);
    }

    /** A list of number lists, e.g. points {@code [[x, y, z], ...]}. */
    public List<? extends List<? extends Number>> getNumberLists(String key) {
        return read(key, k -> config.getList(k).stream().map(v -> {
            if (!(v.unwrapped() instanceof List<?> inner) || !inner.stream().allMatch(Number.class::isInstance)) {
                throw new ConfigError(key, "must be a list of number lists, got " + v.render());
            }
            return inner.stream().map(Number.class::cast).toList();
        }).toList());
    }

    /** An int that must lie in [min, max]. */
    public int getInt(String key, int min, int max) {
        int v = getInt(key);
        if (v < min || v > max) {
            throw new ConfigError(key, "must be in [" + min + ", " + max + "] but is " + v);
        }
        return v;
    }

    /** A string that must be one of {@code allowed}. */
    public String getEnum(String key, Set<String> allowed) {
        String v = getString(key);
        if (!allowed.contains(v)) {
            throw new ConfigError(key, "must be one of " + new TreeSet<>(allowed) + " but is '" + v + "'");
        }
        return v;
    }

    /** The free-form string map at {@code key} (e.g. Spark settings), flattened to dotted keys. */
    public Map<String, String> getStringMap(String key) {
        Config sub = read(key, config::getConfig);
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
            out.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
        }
        return out;
    }

    private static String stripQuotes(String key) {
        return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
    }

    private <T> T read(String key, Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException.Missing e) {
            throw new ConfigError(key, "missing config key", e);
        } catch (ConfigException e) {
            throw new ConfigError(key, "bad value: " + e.getMessage(), e);
        }
    }

    /** The whole resolved tree as HOCON, for provenance records and {@code --print-config}. */
    public String render() {
        return config.getConfig(ROOT).root().render(com.typesafe.config.ConfigRenderOptions.concise().setFormatted(true));
    }

    /** All keys with their values, sorted (for logs). */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        new TreeSet<>(config.getConfig(ROOT).entrySet().stream().map(Map.Entry::getKey).toList())
                .forEach(k -> lines.add(ROOT + "." + k + " = " + config.getValue(ROOT + "." + k).render()));
        return lines;
    }
}
