package org.dfmvr.cli;

import org.dfmvr.nn.BiSeNetBuilder;
import org.dfmvr.nn.BiSeNetSpec;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.EncoderKind;
import org.dfmvr.nn.MaskInput;
import org.dfmvr.nn.ModelSummary;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.nn.ParseNetSummary;
import org.dfmvr.nn.RegressorKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code dfmvr model --summary}: parameters and FLOPs of a network preset/variant, from its configuration alone. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Describe the DF-MVR network: parameter counts per layer group and FLOPs per sample of a preset "
                + "and ablation variant (computed from the graph configuration; nothing is allocated); with --model "
                + "parse the parameter counts of the BiSeNet face-parse net."},
        footer = {"", "Example:  bin/dfmvr model --summary --preset paper --encoder unet",
                "Parse:    bin/dfmvr model --summary --model parse --preset paper"})
public final class ModelCommand implements JobCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--summary", required = true, description = "Print the parameter and FLOP table.")
    boolean summary;

    @Option(names = "--preset", defaultValue = "paper", paramLabel = "NAME",
            description = "tiny, small or paper; with --model parse tiny or paper (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--model", defaultValue = "dfmvr", paramLabel = "KIND",
            description = "dfmvr (the reconstruction graph) or parse (the BiSeNet face-parse net) "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--encoder", paramLabel = "KIND", description = "Ablation: ${COMPLETION-CANDIDATES}.")
    EncoderKind encoder;

    @Option(names = "--regressor", paramLabel = "KIND", description = "Ablation: ${COMPLETION-CANDIDATES}.")
    RegressorKind regressor;

    @Option(names = "--mask", paramLabel = "KIND", description = "Mask input: ${COMPLETION-CANDIDATES}.")
    MaskInput mask;

    @Override
    public int order() {
        return 85;
    }

    @Override
    public Integer call() {
        if (model.equals("parse")) {
            return parseSummary();
        }
        if (!model.equals("dfmvr")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model must be dfmvr or parse, got '"
                    + model + "'");
        }
        NetworkSpec net;
        try {
            net = NetworkSpec.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
        }
        if (encoder != null) {
            net = net.withEncoder(encoder);
        }
        if (regressor != null) {
            net = net.withRegressor(regressor);
        }
        if (mask != null) {
            net = net.withMask(mask);
        }
        ModelSummary s = ModelSummary.of(net, new DfmvrNetworkBuilder(net).configuration());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %dx%d, %d views, %d input channels per view%n%n", preset, net.imageSize(), net.imageSize(),
                net.views(), net.channelsPerView());
        out.println(s.toMarkdown());
        out.printf("total: %,d trainable parameters, %.3f GFLOPs per sample%n", s.totalParameters(),
                s.flopsPerSample() / 1e9);
        out.flush();
        return ExitCodes.OK;
    }

    private int parseSummary() {
        BiSeNetSpec net;
        try {
            net = BiSeNetSpec.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
        }
        ParseNetSummary s = ParseNetSummary.of(net, new BiSeNetBuilder(net).configuration());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("parse net %s: BiSeNet, %dx%d RGB, %d classes, ResNet widths %s%n%n", preset, net.imageSize(),
                net.imageSize(), net.classes(), net.resnetWidths());
        out.println(s.toMarkdown());
        out.printf("total: %,d trainable parameters (training graph, with the auxiliary heads)%n",
                s.totalParameters());
        out.flush();
        return ExitCodes.OK;
    }
}
