package org.dfmvr.nn;

import org.dfmvr.nn.fast.FastLayers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * What {@link DfmvrNetworkBuilder} and {@link BiSeNetBuilder} configure alike: the data type, the updater and the
 * layer implementation (with their defaults and checks), the graph builder a configuration starts from, and building
 * an initialised graph from the configuration.
 *
 * @param <B> the concrete builder, returned by the setters so that calls chain
 */
public abstract class NetworkBuilder<B extends NetworkBuilder<B>> {
    private DataType dataType = DataType.FLOAT;
    private IUpdater updater = new NoOp();
    private FastLayers layerImplementation = FastLayers.nativeOps();

    /** This builder, as its concrete type. */
    protected abstract B self();

    /** The graph configuration (no parameters allocated). */
    public abstract ComputationGraphConfiguration configuration();

    /** Parameter and activation data type (default FLOAT; DOUBLE for gradient checks). */
    public B dataType(DataType type) {
        if (type == null || !type.isFPType()) {
            throw new IllegalArgumentException("dataType must be a floating-point type, got " + type);
        }
        this.dataType = type;
        return self();
    }

    /** The updater (default {@link NoOp}: a frozen net; the trainer sets its own). */
    public B updater(IUpdater newUpdater) {
        if (newUpdater == null) {
            throw new IllegalArgumentException("updater must not be null");
        }
        this.updater = newUpdater;
        return self();
    }

    /**
     * Which implementation makes the conv/deconv/BN/ReLU/pooling layers: {@link FastLayers#nativeOps()} (default:
     * libnd4j's oneDNN ops, docs/fast-cpu.md) or {@link FastLayers#stock()} (DL4J's own layers, the test oracle).
     */
    public B layers(FastLayers implementation) {
        if (implementation == null) {
            throw new IllegalArgumentException("layers must not be null");
        }
        this.layerImplementation = implementation;
        return self();
    }

    /** The graph with freshly initialised parameters. */
    public ComputationGraph build() {
        ComputationGraph net = new ComputationGraph(configuration());
        net.init();
        return net;
    }

    /** The layer implementation set by {@link #layers}. */
    protected FastLayers layerImplementation() {
        return layerImplementation;
    }

    /** The layer factory over {@link #layerImplementation()}. */
    protected StandardLayers standardLayers() {
        return new StandardLayers(layerImplementation);
    }

    /** An empty graph builder with this builder's seed, data type and updater. */
    protected GraphBuilder graphBuilder(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType).updater(updater).graphBuilder();
    }
}
