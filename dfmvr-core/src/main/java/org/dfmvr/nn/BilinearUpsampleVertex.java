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
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Bilinear upsampling by an integer factor with PyTorch's {@code align_corners=True} sampling (BiSeNet's heads,
 * zllrunning/face-parsing.PyTorch model.py: {@code F.interpolate(..., mode='bilinear', align_corners=True)}), as a
 * graph vertex with a hand-written backward pass. DL4J's {@code Upsampling2D} is nearest-neighbour only.
 *
 * <p>Input [N,C,H,W], output [N,C,fH,fW]. Output row i samples input row {@code i (H-1)/(fH-1)} (the corner pixels
 * of input and output coincide), interpolating linearly between its two neighbours; columns alike. The operation is
 * separable and linear, {@code out[n,c] = A_H x[n,c] A_W^T} with sparse interpolation matrices A [fH,H] and [fW,W],
 * so the backward pass is {@code dx[n,c] = A_H^T eps[n,c] A_W}. No parameters.
 */
public class BilinearUpsampleVertex extends ParameterFreeVertex {
    private int factor;

    /** For JSON deserialisation only. */
    public BilinearUpsampleVertex() {
    }

    /** @param factor output size / input size, at least 1 */
    public BilinearUpsampleVertex(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        }
        this.factor = factor;
    }

    public int getFactor() {
        return factor;
    }

    public void setFactor(int factor) {
        this.factor = factor;
    }

    @Override
    public BilinearUpsampleVertex clone() {
        return new BilinearUpsampleVertex(factor);
    }

    @Override
    protected Object[] settings() {
        return new Object[] {factor};
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    protected Impl runtime(ComputationGraph graph, String name, int idx, DataType dataType) {
        return new Impl(graph, name, idx, factor, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional x)) {
            throw new InvalidInputTypeException("bilinear upsampling expects 1 convolutional input, got "
                    + Arrays.toString(vertexInputs));
        }
        return InputType.convolutional(x.getHeight() * factor, x.getWidth() * factor, x.getChannels());
    }

    /**
     * The [out,in] align-corners interpolation matrix: row i holds the weights of output sample i on the inputs.
     */
    static INDArray interpolation(int in, int out, DataType type) {
        INDArray a = Nd4j.zeros(type, out, in);
        for (int i = 0; i < out; i++) {
            double src = out == 1 ? 0 : (double) i * (in - 1) / (out - 1);
            int lo = (int) Math.floor(src);
            int hi = Math.min(lo + 1, in - 1);
            double frac = src - lo;
            a.putScalar(i, lo, a.getDouble(i, lo) + 1 - frac);
            a.putScalar(i, hi, a.getDouble(i, hi) + frac);
        }
        return a;
    }

    /** {@code out[b] = rows x[b] cols^T} for every plane b of x [N,C,H1,W1]; rows [H2,H1], cols [W2,W1]. */
    static INDArray separable(INDArray x, INDArray rows, INDArray cols) {
        long n = x.size(0), c = x.size(1), h1 = x.size(2), w1 = x.size(3);
        long h2 = rows.size(0), w2 = cols.size(0);
        INDArray alongW = x.dup('c').reshape('c', n * c * h1, w1).mmul(cols.transpose()); // [NCH1, W2]
        INDArray byRow = alongW.reshape('c', n * c, h1, w2).permute(1, 0, 2).dup('c').reshape('c', h1, n * c * w2);
        INDArray alongH = rows.mmul(byRow); // [H2, NC W2]
        return alongH.reshape('c', h2, n * c, w2).permute(1, 0, 2).dup('c').reshape('c', n, c, h2, w2);
    }

    /** The runtime vertex. */
    public static class Impl extends ParameterFreeVertex.RuntimeVertex {
        private final int factor;

        public Impl(ComputationGraph graph, String name, int idx, int factor, DataType dataType) {
            super(graph, name, idx, dataType);
            this.factor = factor;
        }

        private INDArray rows(INDArray x) {
            return interpolation((int) x.size(2), (int) x.size(2) * factor, x.dataType());
        }

        private INDArray cols(INDArray x) {
            return interpolation((int) x.size(3), (int) x.size(3) * factor, x.dataType());
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            if (x.rank() != 4) {
                throw new IllegalStateException("bilinear upsampling " + vertexName + ": input must be [N,C,H,W], got "
                        + Arrays.toString(x.shape()));
            }
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, separable(x, rows(x), cols(x)), 'c');
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray dx = separable(epsilon.castTo(x.dataType()), rows(x).transpose(), cols(x).transpose());
            return new Pair<>(null, new INDArray[] {workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx, 'c')});
        }

        @Override
        public String toString() {
            return "BilinearUpsampleVertex.Impl(" + vertexName + ", x" + factor + ")";
        }
    }
}
