package org.dfmvr.nn.fast;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Properties;

/**
 * Which native ND4J library this JVM actually loaded, read from JavaCPP's record of loaded libraries (not from the
 * build's intent): the proof that the classifier chosen in the root pom is the one that runs.
 *
 * @param backend        ND4J backend name reported by the executioner, e.g. "CPU" or "CUDA"
 * @param platform       JavaCPP platform directory of the loaded libnd4j, e.g. "linux-x86_64-onednn-avx2"
 * @param libraryPath    file the JNI library was loaded from (JavaCPP cache), or "" when unknown
 */
public record NativeBackend(String backend, String platform, String libraryPath) {
    private static final String BINDINGS_DIR = "/bindings/";

    /** Reads the loaded backend; initialises ND4J if it is not yet. */
    public static NativeBackend loaded() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getOrDefault("backend", "unknown"));
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue() == null ? "" : e.getValue();
            if (e.getKey().contains("jnind4j") && path.contains(BINDINGS_DIR)) {
                String rest = path.substring(path.indexOf(BINDINGS_DIR) + BINDINGS_DIR.length());
                return new NativeBackend(backend, rest.substring(0, rest.indexOf('/')), path);
            }
        }
        return new NativeBackend(backend, "unknown", "");
    }
}
