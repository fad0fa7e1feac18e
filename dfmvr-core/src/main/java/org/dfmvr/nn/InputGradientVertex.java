package org.dfmvr.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
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
public class InputGradientVertex extends GraphVertex {

    @Override
    public InputGradientVertex clone() {
        return new InputGradientVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputGradientVertex;
    }

    @Override
    public int hashCode() {
        return InputGradientVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new Impl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... vertexInputs) {
        return new LayerMemoryReport.Builder(null, InputGradientVertex.class, vertexInputs[0], vertexInputs[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** The runtime vertex; {@link #lastGradient()} is the gradient of its latest backward pass. */
    public static class Impl extends BaseGraphVertex {
        private INDArray lastGradient;

        public Impl(ComputationGraph graph, String name, int idx, DataType dataType) {
            super(graph, name, idx, (VertexIndices[]) null, (VertexIndices[]) null, dataType);
        }

        /** d(loss)/d(input) of the latest backward pass, detached from any workspace; null before the first. */
        public INDArray lastGradient() {
            return lastGradient;
        }

        @Override
        public boolean hasLayer() {
            return false;
        }

        @Override
        public Layer getLayer() {
            return null;
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
        public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
            // no parameters
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                int minibatchSize) {
            return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
        }

        @Override
        public String toString() {
            return "InputGradientVertex.Impl(" + vertexName + ")";
        }
    }
}
