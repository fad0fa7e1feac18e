package org.dfmvr.ingest;

import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code synth --face-model ict-face} renders the shipped human model (millimetres) from the repository alone. */
@Tag("spark")
class SynthOnIctFaceTest {
    @TempDir
    Path dir;

    @Test
    void givenTheFaceModelOption_whenParsed_thenItSetsTheSynthModelKey() {
        SynthJob job = new SynthJob();
        new CommandLine(job).parseArgs("--face-model", "ict-face");
        assertThat(job.faceModel).isEqualTo("ict-face");
    }

    @Test
    void givenIctFace_whenSynthesised_thenTheSampleIsRenderedFromTheHumanModelInMillimetres() throws IOException {
        Path out = dir.resolve("raw");
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.synth.output", out.toString(),
                "dfmvr.synth.model", "ict-face", "dfmvr.synth.subjects", "1", "dfmvr.synth.expressions", "1",
                "dfmvr.synth.image-size", "64"));
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(5));

        assertThat(Files.readString(out.resolve(SyntheticLayout.MANIFEST))).contains("\"ict-face\"");
        List<Path> samples;
        try (Stream<Path> s = Files.walk(out)) {
            samples = s.filter(p -> p.getFileName().toString().equals("sample.json")).toList();
        }
        assertThat(samples).hasSize(1);
        Path sample = samples.get(0).getParent();
        assertThat(Files.readString(samples.get(0))).contains("\"MM\"");
        assertThat(sample.resolve("front.png")).isRegularFile();
        long vertices;
        try (Stream<String> lines = Files.lines(sample.resolve("mesh.obj"), StandardCharsets.UTF_8)) {
            vertices = lines.filter(l -> l.startsWith("v ")).count();
        }
        assertThat(vertices).isEqualTo(9409);
    }
}
