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

/**
 * Identity vertex that keeps a copy of the gradient arriving at it in the backward pass, placed right after a graph
 * input to read d(loss)/d(input): DL4J 1.0.0-M2.1's {@code ComputationGraph} has no {@code calculateGradients} and
 * leaves no epsilon on its input vertices. The mask loss differentiates the frozen parse net this way
 * ({@link BiSeNetBuilder#inferenceCopy}). One input, any type; no parameters.
 */
public class InputGradientVertex extends ParameterFreeVertex {

    @Override
    public InputGradientVertex clone() {
        return new InputGradientVertex();
    }

    @Override
    protected Object[] settings() {
        return new Object[0];
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    protected Impl runtime(ComputationGraph graph, String name, int idx, DataType dataType) {
        return new Impl(graph, name, idx, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        return vertexInputs[0];
    }

    /** The runtime vertex; {@link #lastGradient()} is the gradient of its latest backward pass. */
    public static class Impl extends ParameterFreeVertex.RuntimeVertex {
        private INDArray lastGradient;

        public Impl(ComputationGraph graph, String name, int idx, DataType dataType) {
            super(graph, name, idx, dataType);
        }

        /** d(loss)/d(input) of the latest backward pass, detached from any workspace; null before the first. */
        public INDArray lastGradient() {
            return lastGradient;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, inputs[0]);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            lastGradient = epsilon.detach();
            return new Pair<>(null, new INDArray[] {workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon)});
        }

        @Override
        public String toString() {
            return "InputGradientVertex.Impl(" + vertexName + ")";
        }
    }
}
