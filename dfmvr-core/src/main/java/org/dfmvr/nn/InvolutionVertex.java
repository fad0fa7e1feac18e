package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The unfold-and-weighted-sum half of involution (Li et al., CVPR 2021, "Involution: Inverting the Inherence of
 * Convolution for Visual Recognition"; d-li14/involution cls/mmcls/models/utils/involution_naive.py), as a graph
 * vertex with a hand-written backward pass. The kernel-generation half (optional average pooling, 1x1 conv, BN, ReLU,
 * 1x1 conv) is made of stock layers by {@link DfmvrNetworkBuilder}; its output is this vertex's second input.
 *
 * <p>Inputs, in order:
 * <ol>
 *   <li>{@code x}: feature map [N,C,H,W] (NCHW), C a multiple of {@code groupChannels};</li>
 *   <li>{@code kernels}: per-pixel kernels [N,G*K*K,H',W'] with G = C / groupChannels, channel index
 *       {@code g*K*K + i*K + j} (0-based group g, kernel row i, kernel column j), H' = (H + 2p - K) / s + 1,
 *       W' likewise, p = (K-1)/2.</li>
 * </ol>
 * Output [N,C,H',W']: {@code out[n,c,h,w] = sum_{i,j} kernels[n, g(c)*K*K + i*K + j, h, w]
 * * x[n, c, h*s + i - p, w*s + j - p]} with g(c) = c / groupChannels (0-based) and zero padding outside the map.
 * The vertex has no parameters.
 */
public class InvolutionVertex extends ParameterFreeVertex {
    private int kernelSize;
    private int stride;
    private int groupChannels;

    /** For JSON deserialisation only. */
    public InvolutionVertex() {
    }

    /**
     * @param kernelSize    K, odd, at least 1 (pixels)
     * @param stride        s, at least 1 (pixels)
     * @param groupChannels channels sharing one kernel, at least 1 (16 in the paper)
     */
    public InvolutionVertex(int kernelSize, int stride, int groupChannels) {
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernelSize must be odd and >= 1, got " + kernelSize);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        if (groupChannels < 1) {
            throw new IllegalArgumentException("groupChannels must be >= 1, got " + groupChannels);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.groupChannels = groupChannels;
    }

    public int getKernelSize() {
        return kernelSize;
    }

    public void setKernelSize(int kernelSize) {
        this.kernelSize = kernelSize;
    }

    public int getStride() {
        return stride;
    }

    public void setStride(int stride) {
        this.stride = stride;
    }

    public int getGroupChannels() {
        return groupChannels;
    }

    public void setGroupChannels(int groupChannels) {
        this.groupChannels = groupChannels;
    }

    /** Output height or width for an input of {@code size} pixels. */
    public long outputSize(long size) {
        return (size + 2L * padding() - kernelSize) / stride + 1;
    }

    private int padding() {
        return (kernelSize - 1) / 2;
    }

    @Override
    public InvolutionVertex clone() {
        return new InvolutionVertex(kernelSize, stride, groupChannels);
    }

    @Override
    protected Object[] settings() {
        return new Object[] {kernelSize, stride, groupChannels};
    }

    @Override
    protected int inputCount() {
        return 2;
    }

    @Override
    protected Impl runtime(ComputationGraph graph, String name, int idx, DataType dataType) {
        return new Impl(graph, name, idx, this, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional x)
                || !(vertexInputs[1] instanceof InputType.InputTypeConvolutional k)) {
            throw new InvalidInputTypeException("involution expects 2 convolutional inputs (x, kernels), got "
                    + java.util.Arrays.toString(vertexInputs));
        }
        long c = x.getChannels();
        if (c % groupChannels != 0) {
            throw new InvalidInputTypeException("involution input channels must be a multiple of groupChannels "
                    + groupChannels + ", got " + c);
        }
        long oh = outputSize(x.getHeight());
        long ow = outputSize(x.getWidth());
        long expectedK = (c / groupChannels) * kernelSize * kernelSize;
        if (k.getChannels() != expectedK || k.getHeight() != oh || k.getWidth() != ow) {
            throw new InvalidInputTypeException("involution kernels must be [N," + expectedK + "," + oh + "," + ow
                    + "] (G*K*K, H', W'), got [N," + k.getChannels() + "," + k.getHeight() + "," + k.getWidth() + "]");
        }
        return InputType.convolutional(oh, ow, c);
    }

    /** The runtime vertex: forward via im2col, backward via col2im and broadcast products. */
    public static class Impl extends ParameterFreeVertex.RuntimeVertex {
        private final int k;
        private final int s;
        private final int gc;
        private final InvolutionVertex conf;

        public Impl(ComputationGraph graph, String name, int idx, InvolutionVertex conf, DataType dataType) {
            super(graph, name, idx, dataType);
            this.conf = conf;
            this.k = conf.kernelSize;
            this.s = conf.stride;
            this.gc = conf.groupChannels;
        }

        /** [N,C,K,K,H',W'] patches of the zero-padded input (0-based kernel offsets). */
        private INDArray unfold(INDArray x, long oh, long ow) {
            int p = conf.padding();
            INDArray col = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1), k, k, oh, ow);
            Convolution.im2col(x, k, k, s, s, p, p, 1, 1, false, col);
            return col;
        }

        private long[] checkedShapes() {
            INDArray x = inputs[0];
            INDArray w = inputs[1];
            if (x.rank() != 4 || w.rank() != 4) {
                throw new IllegalStateException("involution " + vertexName + ": inputs must be rank 4 [N,C,H,W], got "
                        + x.shapeInfoToString() + " and " + w.shapeInfoToString());
            }
            long n = x.size(0);
            long c = x.size(1);
            long oh = conf.outputSize(x.size(2));
            long ow = conf.outputSize(x.size(3));
            long g = c / gc;
            if (c % gc != 0 || w.size(0) != n || w.size(1) != g * k * k || w.size(2) != oh || w.size(3) != ow) {
                throw new IllegalStateException("involution " + vertexName + ": for x [" + n + "," + c + ","
                        + x.size(2) + "," + x.size(3) + "] kernels must be [" + n + "," + g * k * k + "," + oh + ","
                        + ow + "], got " + java.util.Arrays.toString(w.shape()));
            }
            return new long[] {n, c, g, oh, ow};
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            long[] d = checkedShapes();
            long n = d[0], c = d[1], g = d[2], oh = d[3], ow = d[4];
            INDArray col = unfold(inputs[0], oh, ow).reshape('c', n, g, gc, (long) k * k, oh * ow);
            INDArray w4 = inputs[1].dup('c').reshape('c', n, g, (long) k * k, oh * ow);
            Nd4j.getExecutioner().exec(new BroadcastMulOp(col, w4, col, 0, 1, 3, 4));
            INDArray sum = col.sum(3).reshape('c', n, c, oh, ow);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, sum.dataType(), sum.shape(), 'c');
            return out.assign(sum);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            long[] d = checkedShapes();
            long n = d[0], c = d[1], g = d[2], oh = d[3], ow = d[4];
            INDArray x = inputs[0];
            long kk = (long) k * k;
            INDArray eps4 = epsilon.dup('c').reshape('c', n, g, gc, oh * ow);
            INDArray w4 = inputs[1].dup('c').reshape('c', n, g, kk, oh * ow);

            // dL/dkernels[n,g,ij,hw] = sum over the group's channels of eps[n,g,cc,hw] * patch[n,g,cc,ij,hw]
            INDArray col = unfold(x, oh, ow).reshape('c', n, g, gc, kk, oh * ow);
            Nd4j.getExecutioner().exec(new BroadcastMulOp(col, eps4, col, 0, 1, 2, 4));
            INDArray dKernels = col.sum(2).reshape('c', n, g * kk, oh, ow);

            // dL/dpatch[n,g,cc,ij,hw] = eps[n,g,cc,hw] * kernels[n,g,ij,hw]; fold the patches back (col2im sums overlaps)
            INDArray dCol = Nd4j.createUninitialized(x.dataType(), n, g, gc, kk, oh * ow);
            Nd4j.getExecutioner().exec(new BroadcastCopyOp(dCol, w4, dCol, 0, 1, 3, 4));
            Nd4j.getExecutioner().exec(new BroadcastMulOp(dCol, eps4, dCol, 0, 1, 2, 4));
            int p = conf.padding();
            INDArray dx = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            Convolution.col2im(dCol.reshape('c', n, c, k, k, oh, ow), dx, s, s, p, p, (int) x.size(2),
                    (int) x.size(3), 1, 1);

            INDArray dw = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dKernels.dataType(),
                    dKernels.shape(), 'c');
            dw.assign(dKernels);
            return new Pair<>(null, new INDArray[] {dx, dw});
        }

        @Override
        public String toString() {
            return "InvolutionVertex.Impl(" + vertexName + ", K=" + k + ", s=" + s + ", groupChannels=" + gc + ")";
        }
    }
}
