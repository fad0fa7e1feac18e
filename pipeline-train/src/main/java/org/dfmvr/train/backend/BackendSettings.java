package org.dfmvr.train.backend;

/**
 * Settings of a {@link TrainingBackend}, validated at construction (errors name the setting, the expected and the
 * actual value).
 *
 * @param batchPerWorker       examples per minibatch on each worker; must equal the first dimension of the
 *                             {@code MultiDataSet}s in the RDD (the backends do not re-batch)
 * @param workersPerNode       training threads per executor (parameter server only); 1 is the tested value
 * @param updatesThreshold     threshold of DL4J's threshold encoding of shared updates (parameter server only):
 *                             each step sends and applies at most +-threshold per parameter (the rest stays in
 *                             the residual), so it caps the per-step change; measured on the test task: 1e-3 (a third of Adam's
 *                             learning rate) converges, 3e-3 stalls above the local result
 * @param adaptiveThreshold    {@code true}: DL4J's AdaptiveThresholdAlgorithm starting at {@code updatesThreshold}
 *                             (it steers the sparsity of the messages and can throttle small models, see
 *                             docs/distributed-training.md); {@code false}: a fixed threshold
 * @param averagingFrequency   minibatches between parameter averages (parameter averaging only)
 * @param rngSeed              seed of the training masters' data splitting
 * @param networkMask          CIDR mask the parameter-server nodes pick their address from, e.g. {@code 127.0.0.0/8}
 * @param controllerAddress    IP (not hostname) of the driver, the parameter server's root node
 * @param controllerPort       UDP port of the driver's parameter-server node (also the fallback port of executors
 *                             whose environment lacks {@code portEnvVar})
 * @param portEnvVar           environment variable giving each executor's parameter-server port (DL4J M2 ignores
 *                             {@code unicastPort}, so several executors on one host need it)
 * @param resyncAtEpochEnd     average the executors' parameter vectors at each epoch end, set the result on the driver's
 *                             model and push it back to the executors (the fix; {@code false} = stock DL4J behaviour)
 */
public record BackendSettings(int batchPerWorker, int workersPerNode, double updatesThreshold, boolean adaptiveThreshold,
                              int averagingFrequency,
                              long rngSeed, String networkMask, String controllerAddress, int controllerPort,
                              String portEnvVar, boolean resyncAtEpochEnd) {
    public BackendSettings {
        positive("batchPerWorker", batchPerWorker);
        positive("workersPerNode", workersPerNode);
        positive("averagingFrequency", averagingFrequency);
        if (!(updatesThreshold > 0 && updatesThreshold < 1)) {
            throw new IllegalArgumentException("updatesThreshold: expected in (0, 1), got " + updatesThreshold);
        }
        if (networkMask == null || !networkMask.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw new IllegalArgumentException("networkMask: expected a CIDR mask like 10.0.0.0/16, got " + networkMask);
        }
        if (controllerAddress == null || !controllerAddress.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("controllerAddress: expected an IPv4 address (not a hostname), got "
                    + controllerAddress);
        }
        if (controllerPort < 1 || controllerPort > 65535) {
            throw new IllegalArgumentException("controllerPort: expected 1..65535, got " + controllerPort);
        }
        if (portEnvVar == null || !portEnvVar.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("portEnvVar: expected an environment variable name, got " + portEnvVar);
        }
    }

    /**
     * Settings for a loopback cluster: one thread per executor, a fixed {@code updatesThreshold}, averaging every 4
     * batches, resynchronisation on.
     */
    public static BackendSettings loopback(int batchPerWorker, double updatesThreshold, long rngSeed,
                                           int controllerPort) {
        return new BackendSettings(batchPerWorker, 1, updatesThreshold, false, 4, rngSeed, "127.0.0.0/8", "127.0.0.1", controllerPort,
                "DL4J_PS_PORT", true);
    }

    /** A copy with the epoch-end resynchronisation switched on or off. */
    public BackendSettings withResyncAtEpochEnd(boolean resync) {
        return new BackendSettings(batchPerWorker, workersPerNode, updatesThreshold, adaptiveThreshold,
                averagingFrequency, rngSeed,
                networkMask, controllerAddress, controllerPort, portEnvVar, resync);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
        }
    }
}
