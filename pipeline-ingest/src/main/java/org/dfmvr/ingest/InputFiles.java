package org.dfmvr.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The recursive file listing every reader lists its input with. On the local filesystem symlinked folders are
 * followed, but a link back into a folder already being walked (a loop) is not: Hadoop's own listing follows it again
 * and again, so the same photos would appear under ever deeper paths and make phantom samples. Other filesystems
 * (HDFS, object stores) list through Hadoop, which does not follow links there.
 */
public final class InputFiles {
    private static final Logger LOG = LoggerFactory.getLogger(InputFiles.class);

    private InputFiles() {
    }

    /** Every regular file under {@code root}, each reached once, as qualified paths. */
    public static List<Path> list(FileSystem fs, Path root) throws IOException {
        Path qualified = fs.makeQualified(root);
        List<Path> out = new ArrayList<>();
        if (!"file".equals(qualified.toUri().getScheme())) {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(qualified, true);
            while (files.hasNext()) {
                out.add(files.next().getPath());
            }
            return out;
        }
        java.nio.file.Path start = java.nio.file.Path.of(qualified.toUri());
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (attrs.isRegularFile() && !(name.startsWith(".") && name.endsWith(".crc"))) {
                            out.add(new Path(file.toUri()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) throws IOException {
                        if (e instanceof FileSystemLoopException) {
                            LOG.warn("listing {}: {} links back to a folder already listed; not followed again",
                                    start, file);
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        return out;
    }
}
