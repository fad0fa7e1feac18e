package org.dfmvr.cli;

import org.dfmvr.config.DfmvrConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration options every job shares ({@code --conf FILE}, {@code -Dkey=value}, {@code --print-config}). */
public final class ConfigOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--conf", paramLabel = "FILE",
            description = "HOCON file layered over the defaults (see conf/reference/*.conf, conf/examples/).")
    Path confFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one config key, e.g. -Ddfmvr.train.epochs=3. Unknown keys are rejected.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--print-config", description = "Print the effective configuration and exit.")
    boolean printConfig;

    /**
     * The effective configuration: defaults, then {@code --conf}, then {@code -D}, then {@code optionValues} (the
     * command's own options that were given, keyed by config key; null values are skipped).
     */
    public DfmvrConfig load(Map<String, Object> optionValues) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        optionValues.forEach((k, v) -> {
            if (v != null) {
                all.put(k, v.toString());
            }
        });
        return DfmvrConfig.load(confFile, all);
    }

    /** {@code key, value, key, value, ...} as an ordered map that, unlike {@code Map.of}, keeps null values. */
    public static Map<String, Object> keys(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys(...) takes key/value pairs, got " + keyValues.length + " items");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** True when the user asked only to see the configuration; it has then been printed to the command's output. */
    public boolean printedOnly(DfmvrConfig config) {
        if (printConfig) {
            command.commandLine().getOut().println(config.render());
            command.commandLine().getOut().flush();
        }
        return printConfig;
    }
}
