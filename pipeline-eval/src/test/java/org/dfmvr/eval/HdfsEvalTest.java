package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.fs.FileSystem;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.testing.MiniHdfs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eval reads its inputs from and writes its report to a real in-process HDFS ({@link MiniHdfs}). */
@Tag("spark")
class HdfsEvalTest {
    @TempDir
    Path dir;

    @Test
    void givenInputsOnHdfs_whenEvaluatedTwice_thenTheReportOnHdfsReadsBackAndIsReplacedWhole() throws Exception {
        SyntheticEvalData local = new SyntheticEvalData(dir.resolve("in"));
        try (MiniHdfs hdfs = new MiniHdfs()) {
            FileSystem fs = hdfs.fileSystem();
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.root.toUri()), new org.apache.hadoop.fs.Path("/in"));
            String in = hdfs.uri() + "/in/";
            String out = hdfs.uri() + "/reports/run-1";
            EvalSettings settings = EvalSettings.from(org.dfmvr.config.DfmvrConfig.load(null, java.util.Map.of(
                    "dfmvr.eval.pred", "\"" + in + "perturbed\"", "dfmvr.eval.gt", "\"" + in + "gt\"",
                    "dfmvr.eval.out", "\"" + out + "\"", "dfmvr.eval.protocol", "now")));

            EvalReport first = EvalRunner.run(LocalSpark.session(), settings, Duration.ofSeconds(5));
            fs.create(new org.apache.hadoop.fs.Path("/reports/run-1/stale.txt")).close();
            EvalRunner.run(LocalSpark.session(), settings, Duration.ofSeconds(5));

            JsonNode summary;
            try (InputStream s = fs.open(new org.apache.hadoop.fs.Path("/reports/run-1/" + ReportWriter.SUMMARY_FILE))) {
                summary = new ObjectMapper().readTree(s);
            }
            assertThat(summary.path("stamp").path("protocol").asText()).isEqualTo("now");
            assertThat(summary.path("sets").get(0).path("per_sample").path("mean").asDouble())
                    .isEqualTo(first.sets().get(0).summary().perSample().mean());
            assertThat(LocalSpark.session().read().parquet(out + "/" + ReportWriter.SAMPLES_DIR).count())
                    .isEqualTo(SyntheticEvalData.SAMPLES);
            assertThat(fs.exists(new org.apache.hadoop.fs.Path("/reports/run-1/" + ReportWriter.HTML_FILE))).isTrue();
            assertThat(fs.exists(new org.apache.hadoop.fs.Path("/reports/run-1/stale.txt"))).isFalse();
            assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("/reports"))).hasSize(1);
        }
    }
}
