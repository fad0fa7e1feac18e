package org.dfmvr.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DfmvrConfigTest {
    @TempDir
    Path dir;

    @Test
    void givenNoUserInput_whenLoaded_thenTheReferenceDefaultsApply() {
        DfmvrConfig cfg = DfmvrConfig.defaults();
        assertEquals("tiny", cfg.getString("dfmvr.train.preset"));
        assertEquals(List.of(-45, 0, 45), cfg.getIntList("dfmvr.synth.yaws"));
    }

    @Test
    void givenAFileAndAnOverride_whenLoaded_thenTheOverrideWinsOverTheFileWhichWinsOverDefaults() throws IOException {
        Path file = write("dfmvr.train { epochs = 7, preset = small }");
        DfmvrConfig cfg = DfmvrConfig.load(file, Map.of("dfmvr.train.epochs", "9"));
        assertEquals(9, cfg.getInt("dfmvr.train.epochs"));
        assertEquals("small", cfg.getString("dfmvr.train.preset"));
        assertEquals(8, cfg.getInt("dfmvr.train.batch-size-per-worker"));
    }

    @Test
    void givenATypoInAFile_whenLoaded_thenTheErrorNamesTheKeyAndSuggestsTheRightOne() throws IOException {
        Path file = write("dfmvr.train.epoch = 3");
        ConfigError e = assertThrows(ConfigError.class, () -> DfmvrConfig.load(file, Map.of()));
        assertEquals("dfmvr.train.epoch", e.key());
        assertTrue(e.getMessage().contains("did you mean dfmvr.train.epochs"), e.getMessage());
    }

    @Test
    void givenAKeyOutsideTheTree_whenOverridden_thenItIsRejectedByName() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> DfmvrConfig.load(null, Map.of("train.epochs", "3")));
        assertEquals("train.epochs", e.key());
    }

    @Test
    void givenAStringWhereANumberBelongs_whenLoaded_thenTheErrorNamesKeyAndBothKinds() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> DfmvrConfig.load(null, Map.of("dfmvr.train.epochs", "many")));
        assertEquals("dfmvr.train.epochs", e.key());
        assertThat(e.getMessage()).contains("expected number").contains("string");
    }

    @Test
    void givenANumericString_whenANumberIsExpected_thenItIsAccepted() {
        assertEquals(5, DfmvrConfig.load(null, Map.of("dfmvr.train.epochs", "\"5\"")).getInt("dfmvr.train.epochs"));
    }

    @Test
    void givenAMissingConfigFile_whenLoaded_thenTheErrorNamesThePath() {
        Path missing = dir.resolve("nope.conf");
        ConfigError e = assertThrows(ConfigError.class, () -> DfmvrConfig.load(missing, Map.of()));
        assertEquals(missing.toString(), e.key());
    }

    @Test
    void givenAMalformedConfigFile_whenLoaded_thenTheErrorNamesThePath() throws IOException {
        Path file = write("dfmvr.train { epochs = ");
        ConfigError e = assertThrows(ConfigError.class, () -> DfmvrConfig.load(file, Map.of()));
        assertEquals(file.toString(), e.key());
    }

    @Test
    void givenFreeFormSparkSettings_whenLoaded_thenAnyKeyIsAcceptedAndReadBackVerbatim() throws IOException {
        Path file = write("dfmvr.spark.conf { \"spark.executor.memory\" = 4g, \"spark.executor.cores\" = 2 }");
        Map<String, String> spark = DfmvrConfig.load(file, Map.of()).getStringMap("dfmvr.spark.conf");
        assertEquals(Map.of("spark.executor.memory", "4g", "spark.executor.cores", "2"), spark);
    }

    @Test
    void givenAValueOutsideItsRange_whenReadTyped_thenTheErrorNamesKeyRangeAndValue() {
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.train.epochs", "0"));
        ConfigError e = assertThrows(ConfigError.class, () -> cfg.getInt("dfmvr.train.epochs", 1, 10));
        assertThat(e.getMessage()).contains("dfmvr.train.epochs").contains("[1, 10]").contains("0");
    }

    @Test
    void givenAnUnknownChoice_whenReadAsEnum_thenTheErrorListsTheChoices() {
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.eval.protocol", "chamfer"));
        ConfigError e = assertThrows(ConfigError.class,
                () -> cfg.getEnum("dfmvr.eval.protocol", Set.of("pointplane", "now")));
        assertThat(e.getMessage()).contains("[now, pointplane]").contains("chamfer");
    }

    @Test
    void givenAUriWithReservedCharacters_whenOverridden_thenItIsKeptAsAString() {
        String uri = "hdfs://nn:8020/data/shards?v=1";
        assertEquals(uri, DfmvrConfig.load(null, Map.of("dfmvr.train.data", uri)).getString("dfmvr.train.data"));
    }

    private Path write(String hocon) throws IOException {
        Path f = dir.resolve("user.conf");
        Files.writeString(f, hocon);
        return f;
    }
}
