package org.dfmvr.train.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs class directories (target/classes, target/test-classes) into one jar the driver ships to the executors. */
public final class AppJar {
    private AppJar() {
    }

    /**
     * Writes {@code jar} holding every file under each directory; where two directories hold the same entry the
     * first one wins.
     *
     * @return {@code jar}
     */
    public static Path build(Path jar, List<Path> classDirs) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        Set<String> written = new HashSet<>();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path dir : classDirs) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(dir)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    String name = dir.relativize(f).toString().replace('\\', '/');
                    if (name.equals("META-INF/MANIFEST.MF") || !written.add(name)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
