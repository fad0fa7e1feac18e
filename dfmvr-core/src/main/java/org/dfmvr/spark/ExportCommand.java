package org.dfmvr.spark;

import org.dfmvr.cli.ConfigOptions;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.cli.JobCommand;
import org.dfmvr.config.DfmvrConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** {@code export}: a Parquet table as JSON Lines + PNG files, for notebooks and tools without Parquet. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write (the first rows of) any Parquet table the jobs produce as rows.jsonl, with binary cells "
                + "(images) as PNG files under blobs/ referenced by relative path."},
        footer = {"", "Example:  bin/dfmvr export --input work/quickstart/shards/v1 --out work/quickstart/export/shards"})
public final class ExportCommand implements JobCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ExportCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--input", required = true, paramLabel = "URI", description = "A Parquet table (folder).")
    String input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Local folder to write.")
    Path out;

    @Option(names = "--limit", defaultValue = "1000", paramLabel = "N",
            description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public int order() {
        return 86;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be >= 1 but is " + limit);
        }
        DfmvrConfig cfg = config.load(ConfigOptions.keys());
        if (config.printedOnly(cfg)) {
            return ExitCodes.OK;
        }
        try {
            TableExport.Summary s = TableExport.export(SparkSessions.getOrCreate("dfmvr-export", cfg), input, out,
                    limit);
            LOG.info("export: {} of {} rows, {} image files -> {}", s.rowsWritten(), s.rowsInTable(), s.blobs(),
                    s.rowsFile());
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            LOG.error("export failed: {}", e.getMessage());
            return ExitCodes.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
