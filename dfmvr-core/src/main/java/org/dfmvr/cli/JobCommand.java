package org.dfmvr.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand of {@code dfmvr}: a picocli {@code @Command} class that is also the {@code --class} that
 * {@code spark-submit} runs, so the CLI and a cluster run go through the same code.
 *
 * <p>Pipeline modules register theirs in {@code META-INF/services/org.dfmvr.cli.JobCommand}; {@link DfmvrCli} finds
 * them with {@link java.util.ServiceLoader}, so the core module does not depend on the pipelines.
 */
public interface JobCommand extends Callable<Integer> {
    /** Position in {@code dfmvr --help} (pipeline order: synth, ingest, train, infer, eval, then tools). */
    int order();
}
