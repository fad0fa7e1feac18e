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
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The attention gate's final product {@code out = x * psi} with the one-channel gate broadcast over all channels
 * (Oktay et al. 2018, "Attention U-Net"; weiguangzhao/DF_MVR network/Tri_Unet.py Attention_block: {@code x * psi}),
 * as a graph vertex with a hand-written backward pass.
 *
 * <p>Inputs, in order: {@code x} [N,C,H,W] (NCHW) and {@code psi} [N,1,H,W] (the sigmoid gate, unitless in [0,1]).
 * Output [N,C,H,W]. Backward: {@code dx = eps * psi}, {@code dpsi[n,0,h,w] = sum_c eps[n,c,h,w] * x[n,c,h,w]}.
 * No parameters.
 */
public class SpatialGateVertex extends ParameterFreeVertex {

    @Override
    public SpatialGateVertex clone() {
        return new SpatialGateVertex();
    }

    @Override
    protected Object[] settings() {
        return new Object[0];
    }

    @Override
    protected int inputCount() {
        return 2;
    }

    @Override
    protected Impl runtime(ComputationGraph graph, String name, int idx, DataType dataType) {
        return new Impl(graph, name, idx, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional x)
                || !(vertexInputs[1] instanceof InputType.InputTypeConvolutional psi)) {
            throw new InvalidInputTypeException("spatial gate expects 2 convolutional inputs (x, psi), got "
                    + Arrays.toString(vertexInputs));
        }
        if (psi.getChannels() != 1 || psi.getHeight() != x.getHeight() || psi.getWidth() != x.getWidth()) {
            throw new InvalidInputTypeException("spatial gate psi must be [N,1," + x.getHeight() + "," + x.getWidth()
                    + "], got [N," + psi.getChannels() + "," + psi.getHeight() + "," + psi.getWidth() + "]");
        }
        return x;
    }

    /** The runtime vertex. */
    public static class Impl extends ParameterFreeVertex.RuntimeVertex {

        public Impl(ComputationGraph graph, String name, int idx, DataType dataType) {
            super(graph, name, idx, dataType);
        }

        /** psi [N,1,H,W] as a c-ordered [N,H,W] array, after checking it against x. */
        private INDArray psi3() {
            INDArray x = inputs[0];
            INDArray psi = inputs[1];
            if (x.rank() != 4 || psi.rank() != 4 || psi.size(0) != x.size(0) || psi.size(1) != 1
                    || psi.size(2) != x.size(2) || psi.size(3) != x.size(3)) {
                throw new IllegalStateException("spatial gate " + vertexName + ": psi must be [" + x.size(0) + ",1,"
                        + x.size(2) + "," + x.size(3) + "] for x " + Arrays.toString(x.shape()) + ", got "
                        + Arrays.toString(psi.shape()));
            }
            return psi.dup('c').reshape('c', psi.size(0), psi.size(2), psi.size(3));
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(x, psi3(), out, 0, 2, 3));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray psi = inputs[1];
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, psi3(), dx, 0, 2, 3));
            INDArray dPsi = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, psi.dataType(), psi.shape(),
                    'c');
            dPsi.assign(epsilon.mul(x).sum(true, 1));
            return new Pair<>(null, new INDArray[] {dx, dPsi});
        }

        @Override
        public String toString() {
            return "SpatialGateVertex.Impl(" + vertexName + ")";
        }
    }
}
