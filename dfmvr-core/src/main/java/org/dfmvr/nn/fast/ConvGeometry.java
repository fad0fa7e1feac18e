package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.ConvolutionMode;

/**
 * Geometry of a 2-D convolution, transposed convolution or pooling window, in the integer-argument layout of
 * libnd4j's {@code conv2d}, {@code deconv2d}, {@code maxpool2d} and {@code avgpool2d} ops.
 *
 * @param kernelH   window height, pixels, >= 1
 * @param kernelW   window width, pixels, >= 1
 * @param strideH   vertical stride, pixels, >= 1
 * @param strideW   horizontal stride, pixels, >= 1
 * @param padH      explicit top/bottom padding, pixels, >= 0 (ignored when {@code sameMode})
 * @param padW      explicit left/right padding, pixels, >= 0 (ignored when {@code sameMode})
 * @param dilationH vertical dilation, >= 1
 * @param dilationW horizontal dilation, >= 1
 * @param sameMode  true: libnd4j computes the "same" padding itself (DL4J {@link ConvolutionMode#Same})
 */
public record ConvGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
        int dilationW, boolean sameMode) {

    public ConvGeometry {
        atLeast("kernelH", kernelH, 1);
        atLeast("kernelW", kernelW, 1);
        atLeast("strideH", strideH, 1);
        atLeast("strideW", strideW, 1);
        atLeast("padH", padH, 0);
        atLeast("padW", padW, 0);
        atLeast("dilationH", dilationH, 1);
        atLeast("dilationW", dilationW, 1);
    }

    /**
     * The geometry of a DL4J layer configuration.
     *
     * @param kernel   [2] kernel size (h, w)
     * @param stride   [2] stride (h, w)
     * @param padding  [2] explicit padding (h, w); unused in Same mode
     * @param dilation [2] dilation (h, w)
     * @param mode     DL4J convolution mode; Same, Truncate and Strict are supported (Causal is 1-D only)
     */
    public static ConvGeometry of(int[] kernel, int[] stride, int[] padding, int[] dilation, ConvolutionMode mode) {
        if (mode == ConvolutionMode.Causal) {
            throw new IllegalArgumentException("convolution mode: expected Same, Truncate or Strict, got Causal");
        }
        boolean same = mode == ConvolutionMode.Same;
        return new ConvGeometry(kernel[0], kernel[1], stride[0], stride[1], same ? 0 : padding[0],
                same ? 0 : padding[1], dilation[0], dilation[1], same);
    }

    /** The first nine integer arguments shared by libnd4j's 2-D convolution and pooling ops. */
    int[] nativeArgs() {
        return new int[] {kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, sameMode ? 1 : 0};
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": expected >= " + min + ", got " + value);
        }
    }
}
