package org.dfmvr.testing;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real HDFS (namenode + one datanode) in this JVM, from {@code hadoop-client-minicluster}, for tests of
 * {@code hdfs://} inputs and outputs. Modules that use it add that artifact as a test dependency.
 */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    public MiniHdfs() throws IOException {
        Path base = Files.createTempDirectory("dfmvr-minihdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
        cluster.waitActive();
    }

    /** {@code hdfs://localhost:<port>} */
    public String uri() {
        return "hdfs://localhost:" + cluster.getNameNodePort();
    }

    public org.apache.hadoop.fs.FileSystem fileSystem() throws IOException {
        return cluster.getFileSystem();
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
