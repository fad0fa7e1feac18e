package org.dfmvr.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sample ids to file names: injective, safe in file names and URIs, and readable back. */
class SampleFileNamesTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void idsThatTheOldNamingMergedGetDistinctStems() {
        List<String> ids = List.of("archive/a__b/c", "archive/a/b__c", "archive/a_/b", "archive/a/_b",
                "archive/a//b", "archive/a/b/", "archive/a_b", "archive/a/b");
        Set<String> stems = new HashSet<>();
        ids.forEach(id -> stems.add(SampleFileNames.stem(id)));
        assertThat(stems).hasSize(ids.size());
    }

    @Test
    void plainIdsKeepTheStemsOfEarlierVersions() {
        assertEquals("synthetic__s001__e01", SampleFileNames.stem("synthetic/s001/e01"));
        assertEquals("multipie__001_01__051", SampleFileNames.stem("multipie/001_01/051"));
        assertEquals("multipie/001_01/051", SampleFileNames.sampleId("multipie__001_01__051"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"archive/a:b/c", "archive/100%/x", "archive/#1/x", "archive/with space/x",
            "archive/a__b/c", "archive/é/漢字", "archive/~/x~7E", "archive/.hidden/x", "./..", "_", "__/_a_/b_",
            "archive/a\\b/c?d*e|f<g>h\"i"})
    void anyNameRoundTripsThroughASafeStem(String id) throws IOException {
        String stem = SampleFileNames.stem(id);
        assertThat(stem).matches("[A-Za-z0-9._~-]+").doesNotStartWith(".");
        assertEquals(id, SampleFileNames.sampleId(stem));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path file = new Path(new Path(dir.toUri()), stem + ".obj");
        fs.create(file).close();
        assertThat(Files.exists(dir.resolve(stem + ".obj"))).isTrue();
        assertThat(file.toUri().getPath()).endsWith("/" + stem + ".obj");
    }

    @Test
    void aVeryLongIdIsCutAndHashedSoDistinctIdsStayDistinct() {
        String a = "archive/" + "x".repeat(300) + "/a";
        String b = "archive/" + "x".repeat(300) + "/b";
        assertThat(SampleFileNames.stem(a)).hasSizeLessThanOrEqualTo(SampleFileNames.MAX_STEM)
                .isNotEqualTo(SampleFileNames.stem(b));
        assertThatThrownBy(() -> SampleFileNames.sampleId(SampleFileNames.stem(a)))
                .hasMessageContaining("result table");
    }

    @Test
    void stemsThatDifferOnlyInCaseCollideOnlyOnACaseInsensitiveFilesystem() {
        List<String> ids = List.of("archive/Site/e00", "archive/site/e00", "archive/other/e00");
        assertThat(SampleFileNames.collisions(ids, false)).isEmpty();
        assertThat(SampleFileNames.collisions(ids, true)).containsOnlyKeys("archive__site__e00")
                .containsValue(List.of("archive/Site/e00", "archive/site/e00"));
        assertThat(SampleFileNames.collisions(List.of("a/b", "a/b"), false)).hasSize(1);
    }

    @Test
    void theCaseProbeLeavesNothingBehind() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path probeDir = new Path(dir.resolve("probe").toUri());
        boolean insensitive = SampleFileNames.caseInsensitive(fs, probeDir);
        java.nio.file.Path upper = dir.resolve("CASE-CHECK");
        Files.writeString(dir.resolve("case-check"), "x");
        assertEquals(Files.exists(upper), insensitive);
        assertThat(dir.resolve("probe").toFile().list()).isEmpty();
    }
}
