package org.dfmvr.doctor;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Loads the ND4J backend, reports which native build loaded, and proves it computes (a 64x64 matmul). */
public final class Nd4jBackendCheck {
    private Nd4jBackendCheck() {
    }

    public static CheckResult run() {
        try {
            INDArray a = Nd4j.rand(DataType.FLOAT, 64, 64);
            INDArray b = Nd4j.eye(64).castTo(DataType.FLOAT);
            if (!a.mmul(b).equalsWithEps(a, 1e-5)) {
                return CheckResult.fail("nd4j backend", "a 64x64 matmul gave a wrong result",
                        "reinstall the native backend jar matching this CPU (see bench/README.md)");
            }
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            String backend = Nd4j.getBackend().getClass().getSimpleName();
            String detail = backend + ", build " + loadedNativeBuild() + ", blas " + env.getOrDefault("blas.vendor", "?")
                    + ", " + env.getOrDefault("cores", "?") + " cores, CPU flags " + cpuFlags();
            return CheckResult.pass("nd4j backend", detail);
        } catch (Throwable t) { // a missing native library surfaces as an Error, which is the finding here
            return CheckResult.fail("nd4j backend", t.getClass().getSimpleName() + ": " + t.getMessage(),
                    "the nd4j-native (or nd4j-cuda) classifier jar must match this OS/CPU; run bin/dfmvr doctor "
                            + "after ./mvnw package, and see README.md Troubleshooting");
        }
    }

    /** The platform folder the ND4J JNI library was loaded from, e.g. {@code linux-x86_64-onednn-avx2}. */
    static String loadedNativeBuild() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue();
            if (path != null && path.contains("nd4j")) {
                Path parent = Path.of(path).getParent();
                return parent == null ? path : parent.getFileName().toString();
            }
        }
        return Loader.getPlatform();
    }

    static String cpuFlags() {
        try {
            String info = Files.readString(Path.of("/proc/cpuinfo"));
            StringBuilder sb = new StringBuilder();
            for (String f : new String[] {"avx2", "avx512f", "fma"}) {
                if (info.contains(" " + f + " ") || info.contains(" " + f + "\n")) {
                    sb.append(sb.length() == 0 ? "" : "+").append(f);
                }
            }
            return sb.length() == 0 ? "(none of avx2/avx512f/fma)" : sb.toString();
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}
