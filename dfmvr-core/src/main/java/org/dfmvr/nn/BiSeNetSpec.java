package org.dfmvr.nn;

import java.util.List;

/**
 * Everything that decides the shape of the BiSeNet face-parse net (Yu et al. 2018; zllrunning/face-parsing.PyTorch
 * model.py, which DF-MVR's network/Bisenet.py copies with 10 classes, reference §1.9).
 *
 * @param name           preset name, for reports and the parse bundle
 * @param imageSize      input height = width in pixels, a multiple of 32 (the context path ends at 1/32)
 * @param classes        parse classes per pixel (DF-MVR: 10, 0 = background, 1 = skin, 2..9 facial parts)
 * @param resnetWidths   output channels of the 4 ResNet-18 stages of the context path (paper 64, 128, 256, 512; stem
 *                       = the first)
 * @param blocksPerStage basic blocks per ResNet stage (ResNet-18: 2)
 * @param armChannels    channels of the attention refinement modules, the global context and the context heads (128)
 * @param fuseChannels   input and output channels of the feature fusion module and the main head's middle layer
 *                       (256): the spatial feature brings {@code fuseChannels - armChannels} (128), the context
 *                       path {@code armChannels}
 * @param auxChannels    middle channels of the two auxiliary heads (64)
 * @param spatialPath    true: the BiSeNet spatial path (conv7x7 s2, conv3x3 s2, conv3x3 s2 at resnetWidths[0], then
 *                       conv1x1) feeds the fusion module; false: the ResNet 1/8 feature does, as zllrunning's
 *                       forward (and so DF-MVR's face_mask.pth) does
 * @param outputStride   input size / size of the grid the main head predicts on before its bilinear upsampling: 8
 *                       (BiSeNet, zllrunning), 4 or 2. Below 8 the spatial path keeps more resolution (its last one or
 *                       two convolutions have stride 1 instead of 2) and the 1/8 context feature is upsampled (nearest)
 *                       to it, so the fusion module and the main head run at 1/outputStride; the parameters are the
 *                       same, the auxiliary heads stay at 1/8 and 1/16. Needs the spatial path below 8
 * @param seed           weight-initialisation seed
 */
public record BiSeNetSpec(String name, int imageSize, int classes, List<Integer> resnetWidths, int blocksPerStage,
                          int armChannels, int fuseChannels, int auxChannels, boolean spatialPath, int outputStride,
                          long seed) {
    /** BiSeNet's (and zllrunning's) output stride of the main head. */
    public static final int PAPER_OUTPUT_STRIDE = 8;

    /** zllrunning train.py: the two auxiliary losses are added with weight 1 each. */
    public static final double AUX_WEIGHT = 1.0;

    public BiSeNetSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parse.name must be non-empty, got '" + name + "'");
        }
        if (imageSize < 32 || imageSize % 32 != 0) {
            throw new IllegalArgumentException("parse.imageSize must be a positive multiple of 32, got " + imageSize);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("parse.classes must be >= 2, got " + classes);
        }
        resnetWidths = List.copyOf(resnetWidths);
        if (resnetWidths.size() != 4 || resnetWidths.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("parse.resnetWidths must be 4 values >= 1, got " + resnetWidths);
        }
        if (blocksPerStage < 1 || armChannels < 1 || auxChannels < 1) {
            throw new IllegalArgumentException("parse.blocksPerStage, armChannels and auxChannels must be >= 1, got "
                    + blocksPerStage + ", " + armChannels + ", " + auxChannels);
        }
        if (fuseChannels <= armChannels || fuseChannels % 4 != 0) {
            throw new IllegalArgumentException("parse.fuseChannels must be a multiple of 4 (the fusion attention "
                    + "quarters it) above armChannels (" + armChannels + "), got " + fuseChannels);
        }
        if (!spatialPath && armChannels + resnetWidths.get(1) != fuseChannels) {
            throw new IllegalArgumentException("parse.fuseChannels must be armChannels + resnetWidths[1] ("
                    + (armChannels + resnetWidths.get(1)) + ") without the spatial path, got " + fuseChannels);
        }
        if (outputStride != 2 && outputStride != 4 && outputStride != PAPER_OUTPUT_STRIDE) {
            throw new IllegalArgumentException("parse.outputStride must be 2, 4 or 8, got " + outputStride);
        }
        if (!spatialPath && outputStride != PAPER_OUTPUT_STRIDE) {
            throw new IllegalArgumentException("parse.outputStride below 8 needs the spatial path (the ResNet feature "
                    + "zllrunning fuses instead is at 1/8), got " + outputStride);
        }
    }

    /** A spec with BiSeNet's output stride 8. */
    public BiSeNetSpec(String name, int imageSize, int classes, List<Integer> resnetWidths, int blocksPerStage,
                       int armChannels, int fuseChannels, int auxChannels, boolean spatialPath, long seed) {
        this(name, imageSize, classes, resnetWidths, blocksPerStage, armChannels, fuseChannels, auxChannels,
                spatialPath, PAPER_OUTPUT_STRIDE, seed);
    }

    /** zllrunning/DF-MVR widths at DF-MVR's 224x224 input, with the spatial path. */
    public static BiSeNetSpec paper() {
        return new BiSeNetSpec("paper", 224, 10, List.of(64, 128, 256, 512), 2, 128, 256, 64, true, 42L);
    }

    /**
     * For tests and CPU runs: 64x64, every width / 8, output stride 2 (a 32x32 prediction grid, like paper's 28x28 at
     * 224 px; at stride 8 the 8x8 grid caps held-out pixel accuracy near 92 %, docs/model.md).
     */
    public static BiSeNetSpec tiny() {
        return new BiSeNetSpec("tiny", 64, 10, List.of(8, 16, 32, 64), 2, 16, 32, 8, true, 2, 42L);
    }

    /** A preset by name: paper or tiny. */
    public static BiSeNetSpec preset(String presetName) {
        return switch (presetName) {
            case "paper" -> paper();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException("parse net preset must be one of paper, tiny, got '"
                    + presetName + "'");
        };
    }

    /** Channels of the spatial feature entering the fusion module. */
    public int spatialChannels() {
        return fuseChannels - armChannels;
    }

    public BiSeNetSpec withImageSize(int newImageSize) {
        return new BiSeNetSpec(name, newImageSize, classes, resnetWidths, blocksPerStage, armChannels, fuseChannels,
                auxChannels, spatialPath, outputStride, seed);
    }

    public BiSeNetSpec withSpatialPath(boolean enabled) {
        return new BiSeNetSpec(name, imageSize, classes, resnetWidths, blocksPerStage, armChannels, fuseChannels,
                auxChannels, enabled, outputStride, seed);
    }

    /** The same net with the main head at 1/{@code stride} (2, 4 or 8; see {@link #outputStride()}). */
    public BiSeNetSpec withOutputStride(int stride) {
        return new BiSeNetSpec(name, imageSize, classes, resnetWidths, blocksPerStage, armChannels, fuseChannels,
                auxChannels, spatialPath, stride, seed);
    }
}
