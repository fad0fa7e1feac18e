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
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * A per-sample, per-channel value broadcast over the pixels of a feature map, as a graph vertex with a hand-written
 * backward pass. BiSeNet uses it twice (zllrunning/face-parsing.PyTorch model.py): {@link Op#MULTIPLY} is the channel
 * attention of the attention refinement and feature fusion modules ({@code torch.mul(feat, atten)}), {@link Op#ADD}
 * adds the global context to the 1/32 feature ({@code feat32_arm + avg_up}, the nearest upsampling of a 1x1 map).
 *
 * <p>Inputs, in order: {@code x} [N,C,H,W] (NCHW) and {@code g} [N,C,1,1] (e.g. a pooled, convolved, sigmoid
 * attention). Output [N,C,H,W], {@code x * g} or {@code x + g}. Backward: multiply {@code dx = eps * g},
 * {@code dg[n,c] = sum_{h,w} eps * x}; add {@code dx = eps}, {@code dg[n,c] = sum_{h,w} eps}. No parameters.
 */
public class ChannelBroadcastVertex extends ParameterFreeVertex {
    /** How {@code g} combines with {@code x}. */
    public enum Op {
        MULTIPLY,
        ADD
    }

    private Op op;

    /** For JSON deserialisation only. */
    public ChannelBroadcastVertex() {
    }

    public ChannelBroadcastVertex(Op op) {
        if (op == null) {
            throw new IllegalArgumentException("op must be MULTIPLY or ADD, got null");
        }
        this.op = op;
    }

    public Op getOp() {
        return op;
    }

    public void setOp(Op op) {
        this.op = op;
    }

    @Override
    public ChannelBroadcastVertex clone() {
        return new ChannelBroadcastVertex(op);
    }

    @Override
    protected Object[] settings() {
        return new Object[] {op};
    }

    @Override
    protected int inputCount() {
        return 2;
    }

    @Override
    protected Impl runtime(ComputationGraph graph, String name, int idx, DataType dataType) {
        return new Impl(graph, name, idx, op, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional x)
                || !(vertexInputs[1] instanceof InputType.InputTypeConvolutional g)) {
            throw new InvalidInputTypeException("channel broadcast expects 2 convolutional inputs (x, g), got "
                    + Arrays.toString(vertexInputs));
        }
        if (g.getChannels() != x.getChannels() || g.getHeight() != 1 || g.getWidth() != 1) {
            throw new InvalidInputTypeException("channel broadcast g must be [N," + x.getChannels() + ",1,1], got [N,"
                    + g.getChannels() + "," + g.getHeight() + "," + g.getWidth() + "]");
        }
        return x;
    }

    /** The runtime vertex. */
    public static class Impl extends ParameterFreeVertex.RuntimeVertex {
        private final Op op;

        public Impl(ComputationGraph graph, String name, int idx, Op op, DataType dataType) {
            super(graph, name, idx, dataType);
            this.op = op;
        }

        /** g [N,C,1,1] as a c-ordered [N,C] array, after checking it against x. */
        private INDArray g2() {
            INDArray x = inputs[0];
            INDArray g = inputs[1];
            if (x.rank() != 4 || g.rank() != 4 || g.size(0) != x.size(0) || g.size(1) != x.size(1) || g.size(2) != 1
                    || g.size(3) != 1) {
                throw new IllegalStateException("channel broadcast " + vertexName + ": g must be [" + x.size(0) + ","
                        + x.size(1) + ",1,1] for x " + Arrays.toString(x.shape()) + ", got "
                        + Arrays.toString(g.shape()));
            }
            return g.dup('c').reshape('c', g.size(0), g.size(1));
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            if (op == Op.MULTIPLY) {
                Nd4j.getExecutioner().exec(new BroadcastMulOp(x, g2(), out, 0, 1));
            } else {
                Nd4j.getExecutioner().exec(new BroadcastAddOp(x, g2(), out, 0, 1));
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray g = inputs[1];
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            INDArray dg = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, g.dataType(), g.shape(), 'c');
            if (op == Op.MULTIPLY) {
                Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, g2(), dx, 0, 1));
                dg.assign(epsilon.mul(x).sum(2, 3).reshape(g.shape()));
            } else {
                dx.assign(epsilon);
                dg.assign(epsilon.sum(2, 3).reshape(g.shape()));
            }
            return new Pair<>(null, new INDArray[] {dx, dg});
        }

        @Override
        public String toString() {
            return "ChannelBroadcastVertex.Impl(" + vertexName + ", " + op + ")";
        }
    }
}
