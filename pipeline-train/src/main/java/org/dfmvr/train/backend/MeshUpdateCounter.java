package org.dfmvr.train.backend;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.nd4j.parameterserver.distributed.v2.transport.UpdatesHandler;
import org.reactivestreams.Subscription;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the gradient updates this JVM's parameter-server node receives from the mesh, as a subscriber of DL4J's
 * {@link ModelParameterServer} (the same hook DL4J's own {@code UpdatesConsumer} uses). Needed on the executors:
 * their {@code UpdatesConsumer} hands updates to the gradient accumulator without counting them.
 * Subscribes once per JVM, at the first minibatch after the node has been launched.
 */
final class MeshUpdateCounter implements UpdatesHandler {
    private static final AtomicLong RECEIVED = new AtomicLong();
    private static final AtomicBoolean SUBSCRIBED = new AtomicBoolean();

    private MeshUpdateCounter() {
    }

    /** Subscribes the counter to this JVM's parameter-server node if it runs and the counter is not yet subscribed. */
    static void subscribeOnce() {
        ModelParameterServer node = ModelParameterServer.getInstance();
        if (!SUBSCRIBED.get() && node.isInitialized() && SUBSCRIBED.compareAndSet(false, true)) {
            node.addUpdatesSubscriber(new MeshUpdateCounter());
        }
    }

    /** Updates received since the counter subscribed; -1 where it never subscribed. */
    static long received() {
        return SUBSCRIBED.get() ? RECEIVED.get() : -1;
    }

    @Override
    public INDArray getParametersArray() {
        return null;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        // push-based: the parameter server calls onNext directly
    }

    @Override
    public void onNext(INDArray update) {
        RECEIVED.incrementAndGet();
    }

    @Override
    public void onError(Throwable error) {
        // failures surface through the training itself
    }

    @Override
    public void onComplete() {
        // the node stops with its JVM
    }
}
