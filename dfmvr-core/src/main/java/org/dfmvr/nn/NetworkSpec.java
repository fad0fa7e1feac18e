package org.dfmvr.nn;

import java.util.List;

/**
 * Everything that decides the shape of a DF-MVR network (paper §3; weiguangzhao/DF_MVR network/Tri_Unet.py and
 * network/Rednet.py). Validated at construction; the presets {@link #paper()}, {@link #small()} and {@link #tiny()}
 * are the supported starting points, the {@code with*} methods make the ablation variants of paper Table 3.
 *
 * @param name           preset name, for reports
 * @param imageSize      input height = width in pixels, a multiple of 32 (encoder /16, regressor /32)
 * @param views          number of views (3: 0 left, 1 front, 2 right)
 * @param mask           how the parse mask enters the input
 * @param parseClasses   parse classes (10 in DF-MVR), used by {@link MaskInput#ONE_HOT}
 * @param encoder        feature extractor kind
 * @param encoderWidths  output channels of the 5 encoder DoubleConv stages (paper 64, 128, 256, 512, 1024)
 * @param regressor      regressor kind
 * @param stemChannels   regressor stem output channels (paper 64; its first two layers use half)
 * @param baseChannels   bottleneck middle channels of the first stage (paper 64; doubled per stage, output x4)
 * @param stageBlocks    bottleneck blocks per stage, 4 stages (paper RedNet-50: 3, 4, 6, 3)
 * @param groupChannels  channels sharing one involution kernel (paper 16)
 * @param heads          coefficient head sizes
 * @param seed           weight-initialisation seed
 */
public record NetworkSpec(String name, int imageSize, int views, MaskInput mask, int parseClasses,
                          EncoderKind encoder, List<Integer> encoderWidths, RegressorKind regressor, int stemChannels,
                          int baseChannels, List<Integer> stageBlocks, int groupChannels, HeadSizes heads,
                          long seed) {
    /** Involution channel reduction of the kernel generator (d-li14/involution: reduction_ratio 4). */
    public static final int INVOLUTION_REDUCTION = 4;
    /** Involution kernel in the stem (RedNet: 3) and in the bottlenecks (7). */
    public static final int STEM_KERNEL = 3;
    public static final int BOTTLENECK_KERNEL = 7;
    /** Bottleneck expansion (output = 4 x middle channels). */
    public static final int EXPANSION = 4;

    public NetworkSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("network.name must be non-empty, got '" + name + "'");
        }
        if (imageSize < 32 || imageSize % 32 != 0) {
            throw new IllegalArgumentException("network.imageSize must be a positive multiple of 32, got " + imageSize);
        }
        if (views < 1) {
            throw new IllegalArgumentException("network.views must be >= 1, got " + views);
        }
        if (mask == null || encoder == null || regressor == null || heads == null) {
            throw new IllegalArgumentException("network.mask, encoder, regressor and heads must be set, got mask="
                    + mask + " encoder=" + encoder + " regressor=" + regressor + " heads=" + heads);
        }
        if (parseClasses < 2) {
            throw new IllegalArgumentException("network.parseClasses must be >= 2, got " + parseClasses);
        }
        encoderWidths = List.copyOf(encoderWidths);
        stageBlocks = List.copyOf(stageBlocks);
        if (encoderWidths.size() != 5 || encoderWidths.stream().anyMatch(w -> w < 2 || w % 2 != 0)) {
            throw new IllegalArgumentException("network.encoderWidths must be 5 even values >= 2, got "
                    + encoderWidths);
        }
        if (stageBlocks.size() != 4 || stageBlocks.stream().anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("network.stageBlocks must be 4 values >= 1, got " + stageBlocks);
        }
        if (groupChannels < 1) {
            throw new IllegalArgumentException("network.groupChannels must be >= 1, got " + groupChannels);
        }
        if (stemChannels < 2 || stemChannels % 2 != 0 || (stemChannels / 2) % groupChannels != 0
                || stemChannels / 2 < INVOLUTION_REDUCTION) {
            throw new IllegalArgumentException("network.stemChannels must be even, half of it a multiple of "
                    + "groupChannels (" + groupChannels + ") and >= " + INVOLUTION_REDUCTION + ", got " + stemChannels);
        }
        if (baseChannels % groupChannels != 0 || baseChannels < INVOLUTION_REDUCTION) {
            throw new IllegalArgumentException("network.baseChannels must be a multiple of groupChannels ("
                    + groupChannels + ") and >= " + INVOLUTION_REDUCTION + ", got " + baseChannels);
        }
    }

    /** The paper: 224x224, widths 64..1024, RedNet-50 (3,4,6,3), groups of 16 channels, mask as label channel. */
    public static NetworkSpec paper() {
        return new NetworkSpec("paper", 224, 3, MaskInput.LABEL, 10, EncoderKind.MULEN_UNET,
                List.of(64, 128, 256, 512, 1024), RegressorKind.REDNET, 64, 64, List.of(3, 4, 6, 3), 16,
                HeadSizes.PAPER, 42L);
    }

    /** In between: 128x128, widths / 4, stages 1,2,2,1, groups of 8 channels (16 would not divide the stem). */
    public static NetworkSpec small() {
        return new NetworkSpec("small", 128, 3, MaskInput.LABEL, 10, EncoderKind.MULEN_UNET,
                List.of(16, 32, 64, 128, 256), RegressorKind.REDNET, 16, 16, List.of(1, 2, 2, 1), 8,
                HeadSizes.PAPER, 42L);
    }

    /** For tests and CPU quick starts: 64x64, widths / 8, stages 1,1,1,1, groups of 4 channels. */
    public static NetworkSpec tiny() {
        return new NetworkSpec("tiny", 64, 3, MaskInput.LABEL, 10, EncoderKind.MULEN_UNET,
                List.of(8, 16, 32, 64, 128), RegressorKind.REDNET, 8, 8, List.of(1, 1, 1, 1), 4,
                HeadSizes.PAPER, 42L);
    }

    /** A preset by name: paper, small or tiny. */
    public static NetworkSpec preset(String presetName) {
        return switch (presetName) {
            case "paper" -> paper();
            case "small" -> small();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException("network preset must be one of paper, small, tiny, got '"
                    + presetName + "'");
        };
    }

    public NetworkSpec withEncoder(EncoderKind newEncoder) {
        return new NetworkSpec(name, imageSize, views, mask, parseClasses, newEncoder, encoderWidths, regressor,
                stemChannels, baseChannels, stageBlocks, groupChannels, heads, seed);
    }

    public NetworkSpec withRegressor(RegressorKind newRegressor) {
        return new NetworkSpec(name, imageSize, views, mask, parseClasses, encoder, encoderWidths, newRegressor,
                stemChannels, baseChannels, stageBlocks, groupChannels, heads, seed);
    }

    public NetworkSpec withMask(MaskInput newMask) {
        return new NetworkSpec(name, imageSize, views, newMask, parseClasses, encoder, encoderWidths, regressor,
                stemChannels, baseChannels, stageBlocks, groupChannels, heads, seed);
    }

    public NetworkSpec withImageSize(int newImageSize) {
        return new NetworkSpec(name, newImageSize, views, mask, parseClasses, encoder, encoderWidths, regressor,
                stemChannels, baseChannels, stageBlocks, groupChannels, heads, seed);
    }

    /** Input channels per view (RGB plus the mask encoding). */
    public int channelsPerView() {
        return mask.channelsPerView(parseClasses);
    }

    /** Outputs of the heads, {@link HeadSizes#total(int)} for this spec's views. */
    public int outputSize() {
        return heads.total(views);
    }

    /** Name of graph input {@code v} (0-based view index), each [N, channelsPerView, imageSize, imageSize]. */
    public static String inputName(int view) {
        return "view" + view;
    }
}
