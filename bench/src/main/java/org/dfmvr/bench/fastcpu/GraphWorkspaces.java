package org.dfmvr.bench.fastcpu;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Forward (training) + backward through a chain of layers inside DL4J workspaces set up the way DL4J 1.0.0-M2.1's
 * {@code ComputationGraph.computeGradientAndScore} sets them up with {@code WorkspaceMode.ENABLED}: activations and
 * inputs in WS_ALL_LAYERS_ACT (open for the whole step), per-layer working memory in WS_LAYER_WORKING_MEM, and the
 * activation gradients in WS_LAYER_ACT_1 / WS_LAYER_ACT_2, alternating per layer and closed two layers later. Same
 * workspace names and configurations as the graph (its constructor and static fields). Why: outside workspaces every
 * output and gradient array is a fresh off-heap allocation (~7 ms of page faults for 8 MB on this machine), which a
 * training graph does not pay after its first iteration; timing a layer without workspaces overstates its cost there.
 */
final class GraphWorkspaces {
    private static final String ALL_ACT = "WS_ALL_LAYERS_ACT";
    private static final String WORKING = "WS_LAYER_WORKING_MEM";
    private static final String RNN_LOOP = "WS_RNN_LOOP_WORKING_MEM";
    private static final String[] ACT_GRAD = {"WS_LAYER_ACT_1", "WS_LAYER_ACT_2"};

    private final List<Layer> layers;
    private final LayerWorkspaceMgr forwardMgr;
    private final LayerWorkspaceMgr[] backwardMgrs = new LayerWorkspaceMgr[2];

    /** @param layers the chain, first to last; the graph would have one vertex per layer */
    GraphWorkspaces(List<Layer> layers) {
        this.layers = layers;
        int vertices = layers.size();
        WorkspaceConfiguration allAct = config(LearningPolicy.FIRST_LOOP, 0.05, 0);
        WorkspaceConfiguration working = config(LearningPolicy.OVER_TIME, 0.02, 2 * vertices);
        WorkspaceConfiguration actX = config(LearningPolicy.OVER_TIME, 0.02, vertices);
        WorkspaceConfiguration rnnLoop = config(LearningPolicy.FIRST_LOOP, 0.05, 0);
        forwardMgr = LayerWorkspaceMgr.builder()
                .with(ArrayType.INPUT, ALL_ACT, allAct)
                .with(ArrayType.ACTIVATIONS, ALL_ACT, allAct)
                .with(ArrayType.FF_WORKING_MEM, WORKING, working)
                .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, RNN_LOOP, rnnLoop)
                .with(ArrayType.BP_WORKING_MEM, WORKING, working)
                .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, RNN_LOOP, rnnLoop)
                .build();
        for (int k = 0; k < 2; k++) {
            backwardMgrs[k] = LayerWorkspaceMgr.builder()
                    .with(ArrayType.ACTIVATIONS, WORKING, working)
                    .with(ArrayType.INPUT, ALL_ACT, allAct)
                    .with(ArrayType.ACTIVATION_GRAD, ACT_GRAD[k], actX)
                    .with(ArrayType.FF_WORKING_MEM, WORKING, working)
                    .with(ArrayType.BP_WORKING_MEM, WORKING, working)
                    .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, RNN_LOOP, rnnLoop)
                    .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, RNN_LOOP, rnnLoop)
                    .build();
        }
    }

    /** One training step's forward and backward pass; every array it makes is released when it returns. */
    void step(INDArray input, INDArray gradOutput) {
        try (MemoryWorkspace allActivations = forwardMgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            INDArray a = input;
            for (Layer layer : layers) {
                try (MemoryWorkspace w = forwardMgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
                    layer.setInput(a, forwardMgr);
                    a = layer.activate(true, forwardMgr);
                }
            }
            MemoryWorkspace[] open = new MemoryWorkspace[2];
            INDArray g = gradOutput;
            for (int i = layers.size() - 1, k = 0; i >= 0; i--, k ^= 1) {
                // the workspace used two layers later holds a gradient the layer in between has consumed by now
                if (open[k] != null) {
                    open[k].close();
                }
                LayerWorkspaceMgr mgr = backwardMgrs[k];
                open[k] = mgr.notifyScopeEntered(ArrayType.ACTIVATION_GRAD);
                try (MemoryWorkspace w = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                    g = layers.get(i).backpropGradient(g, mgr).getSecond();
                }
            }
            for (int k = 1; k >= 0; k--) {
                if (open[k] != null) {
                    open[k].close();
                }
            }
        }
    }

    private static WorkspaceConfiguration config(LearningPolicy learning, double overallocation, int cycles) {
        WorkspaceConfiguration.WorkspaceConfigurationBuilder b = WorkspaceConfiguration.builder().initialSize(0)
                .overallocationLimit(overallocation).policyLearning(learning).policyReset(ResetPolicy.BLOCK_LEFT)
                .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE);
        if (cycles > 0) {
            b.cyclesBeforeInitialization(cycles);
        }
        return b.build();
    }
}
