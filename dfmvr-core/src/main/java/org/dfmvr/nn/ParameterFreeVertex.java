package org.dfmvr.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * What this package's custom graph vertices have in common: no parameters, a fixed number of inputs, and settings
 * that are plain values (primitives and enums). On that basis this class gives them zero parameters, the input count
 * as both minimum and maximum, a zero memory report and equality over {@link #settings()}; {@link RuntimeVertex}
 * does the same for the runtime side. {@code clone()} stays with each subclass (GraphVertex redeclares it abstract,
 * so {@code Object.clone()} cannot be reached from here).
 *
 * <p>The class has no fields and no getters, so it adds no JSON properties: a subclass serializes as its own class
 * name and properties, and saved configurations load unchanged.
 */
public abstract class ParameterFreeVertex extends GraphVertex {

    /** How many inputs the vertex takes (minimum and maximum alike). */
    protected abstract int inputCount();

    /** The settings that make two vertices of one class equal, in a fixed order; empty where there are none. */
    protected abstract Object[] settings();

    /** The runtime vertex for this configuration. */
    protected abstract RuntimeVertex runtime(ComputationGraph graph, String name, int idx, DataType dataType);

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(((ParameterFreeVertex) o).settings(),
                settings());
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + Arrays.hashCode(settings());
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return inputCount();
    }

    @Override
    public int maxVertexInputs() {
        return inputCount();
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return runtime(graph, name, idx, networkDatatype);
    }

    /** All zero: there are no parameters, and working and cache memory are not estimated. */
    @Override
    public MemoryReport getMemoryReport(InputType... vertexInputs) {
        InputType out = getOutputType(-1, vertexInputs);
        return new LayerMemoryReport.Builder(null, getClass(), vertexInputs[0], out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /**
     * The runtime side: no layer, no parameters (so no gradient view), and the first input's mask passes through.
     * The graph wires inputs and outputs itself, so none are given at construction.
     */
    public abstract static class RuntimeVertex extends BaseGraphVertex {

        protected RuntimeVertex(ComputationGraph graph, String name, int idx, DataType dataType) {
            super(graph, name, idx, (VertexIndices[]) null, (VertexIndices[]) null, dataType);
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
        public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
            // no parameters
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                int minibatchSize) {
            return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
        }
    }
}
