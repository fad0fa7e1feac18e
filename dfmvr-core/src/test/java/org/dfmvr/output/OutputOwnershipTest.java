package org.dfmvr.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.config.ConfigError;
import org.dfmvr.testing.MiniHdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An output folder is writable only when it is new, empty, or marked by the same job kind. */
class OutputOwnershipTest {
    static final Configuration HADOOP = new Configuration();

    @TempDir
    java.nio.file.Path dir;

    private Path local(String name) {
        return new Path(dir.resolve(name).toUri());
    }

    @Test
    void aFolderThatDoesNotExistOrIsEmptyIsWritable() throws IOException {
        assertThatCode(() -> OutputOwnership.requireWritable(local("absent"), "eval", HADOOP)).doesNotThrowAnyException();
        Files.createDirectories(dir.resolve("empty"));
        assertThatCode(() -> OutputOwnership.requireWritable(local("empty"), "eval", HADOOP)).doesNotThrowAnyException();
    }

    @Test
    void aFolderWithAUsersFileIsRefusedNamingThePathAndTheFile() throws IOException {
        Files.createDirectories(dir.resolve("proj"));
        Files.writeString(dir.resolve("proj/thesis.tex"), "important");
        assertThatThrownBy(() -> OutputOwnership.requireWritable(local("proj"), "eval", HADOOP))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining(dir.resolve("proj").toString())
                .hasMessageContaining("thesis.tex")
                .hasMessageContaining("no " + OutputOwnership.MARKER);
        assertThat(dir.resolve("proj/thesis.tex")).hasContent("important");
    }

    @Test
    void aPlainFileIsRefused() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertThatThrownBy(() -> OutputOwnership.requireWritable(local("notes.txt"), "infer", HADOOP))
                .isInstanceOf(ConfigError.class).hasMessageContaining("is a file");
    }

    @Test
    void aFolderMarkedBySameJobIsWritableAndByAnotherJobIsRefusedNamingThatJob() throws IOException {
        OutputOwnership.mark(local("pred"), "infer", HADOOP);
        Files.writeString(dir.resolve("pred/a.obj"), "v 0 0 0");
        assertThatCode(() -> OutputOwnership.requireWritable(local("pred"), "infer", HADOOP))
                .doesNotThrowAnyException();
        assertThat(OutputOwnership.isMarked(local("pred"), "infer", HADOOP)).isTrue();
        assertThat(OutputOwnership.isMarked(local("pred"), "eval", HADOOP)).isFalse();
        assertThatThrownBy(() -> OutputOwnership.requireWritable(local("pred"), "eval", HADOOP))
                .isInstanceOf(ConfigError.class).hasMessageContaining("output of a dfmvr infer job");
    }

    @Test
    void aMarkerOfAnUnknownFormatIsRefusedRatherThanGuessed() throws IOException {
        Files.createDirectories(dir.resolve("future"));
        Files.writeString(dir.resolve("future").resolve(OutputOwnership.MARKER), "format=9\njob=eval\n");
        assertThatThrownBy(() -> OutputOwnership.requireWritable(local("future"), "eval", HADOOP))
                .isInstanceOf(ConfigError.class).hasMessageContaining("format 9");
    }

    @Test
    void onHdfsTheSameRulesHold() throws IOException {
        try (MiniHdfs hdfs = new MiniHdfs()) {
            FileSystem h = hdfs.fileSystem();
            Configuration conf = h.getConf();
            Path fresh = new Path(hdfs.uri() + "/reports/new");
            OutputOwnership.requireWritable(fresh, "eval", conf);
            OutputOwnership.mark(fresh, "eval", conf);
            OutputOwnership.requireWritable(fresh, "eval", conf);

            Path foreign = new Path(hdfs.uri() + "/home/user");
            try (FSDataOutputStream s = h.create(new Path(foreign, "thesis.tex"))) {
                s.write("important".getBytes(StandardCharsets.UTF_8));
            }
            assertThatThrownBy(() -> OutputOwnership.requireWritable(foreign, "eval", conf))
                    .isInstanceOf(ConfigError.class).hasMessageContaining("thesis.tex")
                    .hasMessageContaining(hdfs.uri() + "/home/user");
            assertThatThrownBy(() -> OutputOwnership.requireWritable(fresh, "infer", conf))
                    .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr eval job");
            assertThat(h.exists(new Path(foreign, "thesis.tex"))).isTrue();
        }
    }
}
