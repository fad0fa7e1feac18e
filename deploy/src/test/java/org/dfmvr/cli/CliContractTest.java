package org.dfmvr.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What users of {@code bin/dfmvr} rely on, checked on the assembled application (all pipeline modules present). */
class CliContractTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = DfmvrCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void givenTheAssembledApplication_whenListingCommands_thenThePipelineJobsAndToolsAreThereInPipelineOrder() {
        assertEquals(List.of("synth", "ingest", "train", "infer", "eval", "quickstart", "model", "export", "doctor"),
                List.copyOf(DfmvrCli.commandLine().getSubcommands().keySet()));
    }

    @Test
    void givenHelp_whenPrinted_thenItListsTheSixSubcommands() {
        Run r = run("--help");
        assertEquals(0, r.status());
        assertThat(r.out()).contains("synth", "ingest", "train", "infer", "eval", "quickstart");
    }

    @ParameterizedTest
    @ValueSource(strings = {"synth", "ingest", "train", "infer", "eval", "quickstart", "model", "export", "doctor"})
    void givenAnySubcommand_whenAskedForHelp_thenItShowsOptionsWithAnExample(String command) {
        Run r = run(command, "--help");
        assertEquals(0, r.status());
        assertThat(r.out()).contains("Example:").contains("--help");
    }

    @Test
    void givenAnUnknownOption_whenRun_thenExitIsNonZeroAndTheOptionIsNamed() {
        Run r = run("train", "--epoch", "3");
        assertEquals(ExitCodes.USAGE, r.status());
        assertThat(r.err()).contains("--epoch");
    }

    @Test
    void givenABadConfigKey_whenRun_thenExitIsNonZeroAndTheKeyIsNamed() {
        Run r = run("train", "-Ddfmvr.train.batchsize=4");
        assertEquals(ExitCodes.USAGE, r.status());
        assertThat(r.err()).contains("dfmvr.train.batchsize");
    }

    @Test
    void givenAnOptionValueOutsideItsRange_whenRun_thenExitIsNonZeroAndTheKeyIsNamed() {
        Run r = run("train", "--epochs", "0");
        assertEquals(ExitCodes.USAGE, r.status());
        assertThat(r.err()).contains("dfmvr.train.epochs");
    }

    @Test
    void givenAPreset_whenTheModelSummaryIsAsked_thenParametersAndFlopsArePrinted() {
        Run r = run("model", "--summary", "--preset", "tiny");
        assertEquals(0, r.status());
        assertThat(r.out()).contains("trainable parameters").contains("GFLOPs per sample");
    }

    @Test
    void givenTheParseModel_whenTheModelSummaryIsAsked_thenItsPartsAndTotalArePrinted() {
        Run r = run("model", "--summary", "--model", "parse", "--preset", "tiny");
        assertEquals(0, r.status());
        assertThat(r.out()).contains("context path").contains("spatial path").contains("213,136 trainable parameters");
    }

    @Test
    void givenPrintConfig_whenRun_thenTheEffectiveValuesIncludingOptionsArePrinted() {
        Run r = run("eval", "--protocol", "now", "--print-config");
        assertEquals(0, r.status());
        assertThat(r.out()).contains("\"protocol\" : \"now\"");
    }
}
