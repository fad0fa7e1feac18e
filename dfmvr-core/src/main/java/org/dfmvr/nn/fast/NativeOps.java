package org.dfmvr.nn.fast;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Calls libnd4j's 2-D convolution, transposed convolution, pooling and batch-norm custom ops and their {@code _bp}
 * (backprop) ops on caller-allocated arrays. With the {@code linux-x86_64-onednn*} ND4J classifiers libnd4j runs the
 * float32 cases through oneDNN; other data types and classifiers run libnd4j's generic kernels (same results).
 *
 * <p>All activations are NCHW ({@code [N,C,H,W]}, c order). Outputs are written into the given arrays, so a DL4J
 * layer can pass arrays from its workspace manager or its gradient views. Argument layout follows libnd4j
 * {@code include/ops/declarable/generic/nn/convo/conv2d.cpp}, {@code deconv2d.cpp}, {@code pooling/maxpool2d.cpp},
 * {@code avgpool2d.cpp}, {@code nn/batchnorm.cpp} and {@code nn/activations/relu.cpp} (eclipse/deeplearning4j,
 * 1.0.0-M2.1).
 */
public final class NativeOps {
    /** libnd4j data-format argument: 0 = NCHW. */
    private static final int NCHW = 0;
    /** libnd4j conv2d weight format 1: [oC,iC,kH,kW], DL4J's ConvolutionLayer layout. */
    private static final int CONV_WEIGHTS_OIHW = 1;
    /** libnd4j deconv2d weight format 1: [iC,oC,kH,kW], DL4J's Deconvolution2D layout. */
    private static final int DECONV_WEIGHTS_IOHW = 1;
    /** batchnorm over axis 1 (channels of NCHW). */
    private static final int CHANNEL_AXIS = 1;

    private NativeOps() {
    }

    /**
     * Forward 2-D convolution.
     *
     * @param input   [N,iC,H,W]
     * @param weights [oC,iC,kH,kW]
     * @param bias    [oC] or null
     * @param out     [N,oC,oH,oW], written
     */
    public static void conv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry g, INDArray out) {
        requireRank("conv2d input", input, 4);
        requireRank("conv2d weights", weights, 4);
        exec("conv2d", inputs(input, weights, bias), new INDArray[] {out}, convArgs(g, CONV_WEIGHTS_OIHW));
    }

    /**
     * Backward 2-D convolution: gradients of the loss w.r.t. input, weights and bias, given the gradient w.r.t. the
     * pre-activation output.
     *
     * @param input       [N,iC,H,W] forward input
     * @param weights     [oC,iC,kH,kW]
     * @param bias        [oC] or null (then {@code gradBias} must be null)
     * @param gradOutput  [N,oC,oH,oW]
     * @param gradInput   [N,iC,H,W], written
     * @param gradWeights [oC,iC,kH,kW], written
     * @param gradBias    [oC] or null, written
     */
    public static void conv2dBackprop(INDArray input, INDArray weights, INDArray bias, INDArray gradOutput,
            ConvGeometry g, INDArray gradInput, INDArray gradWeights, INDArray gradBias) {
        requireBothOrNeither("conv2d_bp bias", bias, gradBias);
        exec("conv2d_bp", inputs(input, weights, bias, gradOutput), outputs(gradInput, gradWeights, gradBias),
                convArgs(g, CONV_WEIGHTS_OIHW));
    }

    /**
     * Forward transposed 2-D convolution.
     *
     * @param input   [N,iC,H,W]
     * @param weights [iC,oC,kH,kW]
     * @param bias    [oC] or null
     * @param out     [N,oC,oH,oW], written
     */
    public static void deconv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry g, INDArray out) {
        requireRank("deconv2d input", input, 4);
        requireRank("deconv2d weights", weights, 4);
        exec("deconv2d", inputs(input, weights, bias), new INDArray[] {out}, convArgs(g, DECONV_WEIGHTS_IOHW));
    }

    /**
     * Backward transposed 2-D convolution.
     *
     * @param input       [N,iC,H,W] forward input
     * @param weights     [iC,oC,kH,kW]
     * @param bias        [oC] or null (then {@code gradBias} must be null)
     * @param gradOutput  [N,oC,oH,oW]
     * @param gradInput   [N,iC,H,W], written
     * @param gradWeights [iC,oC,kH,kW], written
     * @param gradBias    [oC] or null, written
     */
    public static void deconv2dBackprop(INDArray input, INDArray weights, INDArray bias, INDArray gradOutput,
            ConvGeometry g, INDArray gradInput, INDArray gradWeights, INDArray gradBias) {
        requireBothOrNeither("deconv2d_bp bias", bias, gradBias);
        exec("deconv2d_bp", inputs(input, weights, bias, gradOutput), outputs(gradInput, gradWeights, gradBias),
                convArgs(g, DECONV_WEIGHTS_IOHW));
    }

    /** Max pooling: input [N,C,H,W] into out [N,C,oH,oW]. */
    public static void maxPool2d(INDArray input, ConvGeometry g, INDArray out) {
        requireRank("maxpool2d input", input, 4);
        exec("maxpool2d", new INDArray[] {input}, new INDArray[] {out}, poolArgs(g, 0));
    }

    /** Max pooling backward: gradient w.r.t. input [N,C,H,W] from gradOutput [N,C,oH,oW]. */
    public static void maxPool2dBackprop(INDArray input, INDArray gradOutput, ConvGeometry g, INDArray gradInput) {
        exec("maxpool2d_bp", new INDArray[] {input, gradOutput}, new INDArray[] {gradInput}, poolArgs(g, 0));
    }

    /**
     * Average pooling: input [N,C,H,W] into out [N,C,oH,oW].
     *
     * @param includePadInDivisor true: divide by the full window size; false: by the number of non-padding cells
     */
    public static void avgPool2d(INDArray input, ConvGeometry g, boolean includePadInDivisor, INDArray out) {
        requireRank("avgpool2d input", input, 4);
        exec("avgpool2d", new INDArray[] {input}, new INDArray[] {out}, poolArgs(g, includePadInDivisor ? 1 : 0));
    }

    /** Average pooling backward: gradient w.r.t. input [N,C,H,W] from gradOutput [N,C,oH,oW]. */
    public static void avgPool2dBackprop(INDArray input, INDArray gradOutput, ConvGeometry g,
            boolean includePadInDivisor, INDArray gradInput) {
        exec("avgpool2d_bp", new INDArray[] {input, gradOutput}, new INDArray[] {gradInput},
                poolArgs(g, includePadInDivisor ? 1 : 0));
    }

    /** ReLU of any shape: out = max(input, 0), out the same shape as input. */
    public static void relu(INDArray input, INDArray out) {
        exec("relu", new INDArray[] {input}, new INDArray[] {out}, new int[0], 0.0);
    }

    /** ReLU backward: gradInput = gradOutput where input > 0, else 0 (all the same shape). */
    public static void reluBackprop(INDArray input, INDArray gradOutput, INDArray gradInput) {
        exec("relu_bp", new INDArray[] {input, gradOutput}, new INDArray[] {gradInput}, new int[0], 0.0);
    }

    /**
     * Batch normalisation over the channel axis of NCHW: out = gamma * (x - mean) / sqrt(var + eps) + beta.
     *
     * @param input    [N,C,H,W]
     * @param mean     [C]
     * @param variance [C] (biased variance, without eps)
     * @param gamma    [C]
     * @param beta     [C]
     * @param out      [N,C,H,W], written
     */
    public static void batchNorm(INDArray input, INDArray mean, INDArray variance, INDArray gamma, INDArray beta,
            double eps, INDArray out) {
        requireRank("batchnorm input", input, 4);
        exec("batchnorm", new INDArray[] {input, mean, variance, gamma, beta}, new INDArray[] {out},
                new int[] {1, 1, CHANNEL_AXIS}, eps);
    }

    /**
     * Batch normalisation backward in training mode, where {@code mean} and {@code variance} are the statistics of
     * this very batch (libnd4j differentiates through them).
     *
     * @param gradInput [N,C,H,W], written
     * @param gradGamma [C], written
     * @param gradBeta  [C], written
     */
    public static void batchNormBackprop(INDArray input, INDArray mean, INDArray variance, INDArray gamma,
            INDArray beta, INDArray gradOutput, double eps, INDArray gradInput, INDArray gradGamma,
            INDArray gradBeta) {
        INDArray gradMean = Nd4j.createUninitialized(mean.dataType(), mean.shape());
        INDArray gradVar = Nd4j.createUninitialized(variance.dataType(), variance.shape());
        exec("batchnorm_bp", new INDArray[] {input, mean, variance, gamma, beta, gradOutput},
                new INDArray[] {gradInput, gradMean, gradVar, gradGamma, gradBeta}, new int[] {1, 1, CHANNEL_AXIS},
                eps);
    }

    private static int[] convArgs(ConvGeometry g, int weightFormat) {
        int[] a = Arrays.copyOf(g.nativeArgs(), 11);
        a[9] = NCHW;
        a[10] = weightFormat;
        return a;
    }

    private static int[] poolArgs(ConvGeometry g, int extraParam) {
        int[] a = Arrays.copyOf(g.nativeArgs(), 11);
        a[9] = extraParam;
        a[10] = NCHW;
        return a;
    }

    private static INDArray[] inputs(INDArray... maybeNull) {
        return Arrays.stream(maybeNull).filter(a -> a != null).toArray(INDArray[]::new);
    }

    private static INDArray[] outputs(INDArray... maybeNull) {
        return inputs(maybeNull);
    }

    private static void exec(String op, INDArray[] in, INDArray[] out, int[] iArgs, double... tArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(in).addOutputs(out);
        if (iArgs.length > 0) {
            b.addIntegerArguments(iArgs);
        }
        if (tArgs.length > 0) {
            b.addFloatingPointArguments(Arrays.stream(tArgs).boxed().toArray(Double[]::new));
        }
        Nd4j.exec(b.build());
    }

    private static void requireRank(String what, INDArray a, int rank) {
        if (a.rank() != rank) {
            throw new IllegalArgumentException(what + ": expected rank " + rank + ", got shape "
                    + Arrays.toString(a.shape()));
        }
    }

    private static void requireBothOrNeither(String what, INDArray param, INDArray grad) {
        if ((param == null) != (grad == null)) {
            throw new IllegalArgumentException(what + ": expected the parameter and its gradient both given or both "
                    + "null, got parameter " + (param == null ? "null" : "given") + " and gradient "
                    + (grad == null ? "null" : "given"));
        }
    }
}
