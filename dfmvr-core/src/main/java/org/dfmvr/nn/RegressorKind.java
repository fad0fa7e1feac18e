package org.dfmvr.nn;

import java.util.Arrays;

/** The coefficient regressor (paper Table 3, column "Regressor"); both are 50 layers deep in the paper preset. */
public enum RegressorKind {
    /** RedNet (Li et al. 2021): ResNet bottlenecks whose 3x3 convolution is a K=7 involution; stem involution K=3. */
    REDNET("rednet"),
    /** ResNet-50 bottlenecks with a plain 3x3 convolution in place of every involution (stem included). */
    RESNET("resnet");

    private final String configName;

    RegressorKind(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name ({@code rednet}, {@code resnet}). */
    public static RegressorKind fromConfigName(String name) {
        return Arrays.stream(values()).filter(e -> e.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("regressor must be one of rednet, resnet, got '"
                        + name + "'"));
    }
}
