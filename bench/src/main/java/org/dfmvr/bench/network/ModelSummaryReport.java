package org.dfmvr.bench.network;

import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.EncoderKind;
import org.dfmvr.nn.MaskInput;
import org.dfmvr.nn.ModelSummary;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.nn.RegressorKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the parameter and FLOP tables of docs/model.md: one {@link ModelSummary} table per preset, then one line per
 * ablation variant of the paper preset. Counts come from the graph configurations; nothing is allocated.
 */
public final class ModelSummaryReport {
    private ModelSummaryReport() {
    }

    public static void main(String[] args) {
        for (String preset : new String[] {"paper", "small", "tiny"}) {
            NetworkSpec spec = NetworkSpec.preset(preset);
            ModelSummary s = ModelSummary.of(spec, new DfmvrNetworkBuilder(spec).configuration());
            System.out.printf("### %s (%dx%d, %d views, %d input channels per view)%n%n", preset, spec.imageSize(),
                    spec.imageSize(), spec.views(), spec.channelsPerView());
            System.out.println(s.toMarkdown());
            System.out.printf("DL4J parameter vector: %,d entries (trainable + %,d batch-norm running statistics)%n%n",
                    s.totalParameters() + s.runningStatistics(), s.runningStatistics());
        }
        NetworkSpec paper = NetworkSpec.paper();
        Map<String, NetworkSpec> variants = new LinkedHashMap<>();
        variants.put("v1 cnn + rednet", paper.withEncoder(EncoderKind.CNN));
        variants.put("v2 unet + rednet", paper.withEncoder(EncoderKind.UNET));
        variants.put("v3 mulen-unet + resnet", paper.withRegressor(RegressorKind.RESNET));
        variants.put("v4 mulen-unet + rednet, no mask", paper.withMask(MaskInput.NONE));
        variants.put("v6 mulen-unet + rednet, label mask (paper)", paper);
        variants.put("mulen-unet + rednet, one-hot mask", paper.withMask(MaskInput.ONE_HOT));
        System.out.println("| variant (paper preset, 224x224) | parameters | GFLOPs / sample |");
        System.out.println("|---|---:|---:|");
        variants.forEach((name, spec) -> {
            ModelSummary s = ModelSummary.of(spec, new DfmvrNetworkBuilder(spec).configuration());
            System.out.printf("| %s | %,d | %.2f |%n", name, s.totalParameters(), s.flopsPerSample() / 1e9);
        });
    }
}
