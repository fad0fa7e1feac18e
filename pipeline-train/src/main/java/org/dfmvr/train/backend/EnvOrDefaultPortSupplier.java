package org.dfmvr.train.backend;

import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * Port of a parameter-server node: the value of an environment variable where the JVM has it (executors on a host
 * shared with other executors), else a fixed default (the driver, and executors alone on their host).
 * <p>
 * Why not DL4J's own suppliers: in 1.0.0-M2 {@code StaticPortSupplier(int)} drops its argument (every node binds
 * 49876), and {@code EnvironmentVarPortSupplier} throws where the variable is unset, which is the normal case for the
 * driver and for one-executor-per-host clusters. The driver's port also becomes the controller port that DL4J
 * broadcasts to the executors ({@code SharedTrainingMaster} sets it from the driver's supplier).
 */
final class EnvOrDefaultPortSupplier implements PortSupplier {
    private static final long serialVersionUID = 1L;
    private final String variable;
    private final int defaultPort;

    EnvOrDefaultPortSupplier(String variable, int defaultPort) {
        this.variable = variable;
        this.defaultPort = defaultPort;
    }

    @Override
    public int getPort() {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException("out of range");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + variable + ": expected a port 1..65535, got '"
                    + value + "'", e);
        }
    }
}
