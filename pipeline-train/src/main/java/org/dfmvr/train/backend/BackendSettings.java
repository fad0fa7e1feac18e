package org.dfmvr.train.backend;

/**
 * Settings of a {@link TrainingBackend}, validated at construction (errors name the setting, the expected and the
 * actual value).
 *
 * @param batchPerWorker       examples per minibatch on each worker; must equal the first dimension of the
 *                             {@code MultiDataSet}s in the RDD (the backends do not re-batch)
 * @param workersPerNode       training threads per executor (parameter server) ; 1 is the tested value
 * @param updatesThreshold     initial threshold of DL4J's threshold encoding of shared gradient updates
 *                             (parameter server only; DL4J's default 1e-3)
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
public record BackendSettings(int batchPerWorker, int workersPerNode, double updatesThreshold, int averagingFrequency,
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

    /** Defaults for a loopback test cluster: one thread per executor, threshold 1e-3, averaging every 4 batches. */
    public static BackendSettings loopback(int batchPerWorker, long rngSeed, int controllerPort) {
        return new BackendSettings(batchPerWorker, 1, 1e-3, 4, rngSeed, "127.0.0.0/8", "127.0.0.1", controllerPort,
                "DL4J_PS_PORT", true);
    }

    /** A copy with the epoch-end resynchronisation switched on or off. */
    public BackendSettings withResyncAtEpochEnd(boolean resync) {
        return new BackendSettings(batchPerWorker, workersPerNode, updatesThreshold, averagingFrequency, rngSeed,
                networkMask, controllerAddress, controllerPort, portEnvVar, resync);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
        }
    }
}
