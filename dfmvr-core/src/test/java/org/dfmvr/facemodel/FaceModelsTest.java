package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceModelsTest {
    @TempDir
    Path dir;

    @Test
    void givenSynthfaceWithSeed_whenLoaded_thenTheDefaultSyntheticModelWithThatSeedComesBack() throws IOException {
        MorphableModel m = FaceModels.load("synthface:5");
        assertEquals("synthface:seed=5:grid=97:80/64/80", m.id());
        assertEquals(SyntheticFaceModel.Settings.DEFAULT_GRID * SyntheticFaceModel.Settings.DEFAULT_GRID,
                m.vertexCount());
    }

    @Test
    void givenCacheSpec_whenLoaded_thenTheCachedModelComesBack() throws IOException {
        MorphableModel m = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(2, 25, 3, 2, 1));
        Path file = dir.resolve("m.fmc");
        FaceModelCache.write(m, file);
        assertTrue(m.sameAs(FaceModels.load("cache:" + file)));
    }

    @Test
    void givenBfmSpecOnAFolder_whenResolved_thenTheOriginalFilesImporterIsChosen() throws IOException {
        Files.createDirectories(dir.resolve("bfm"));
        FaceModelSource s = FaceModels.source("bfm:" + dir.resolve("bfm"));
        assertInstanceOf(BfmImporter.class, s);
        assertTrue(s.toString().contains("original files"), s.toString());
    }

    @Test
    void givenUnknownKind_whenResolved_thenErrorListsTheAcceptedForms() {
        var e = assertThrows(IllegalArgumentException.class, () -> FaceModels.source("flame:/x"));
        assertEquals("unknown face model kind 'flame' in spec 'flame:/x'; expected one of " + FaceModels.SPEC_FORMS,
                e.getMessage());
    }

    @Test
    void givenMissingPath_whenResolved_thenErrorNamesThePath() {
        Path missing = dir.resolve("nope");
        var e = assertThrows(IllegalArgumentException.class, () -> FaceModels.source("ict:" + missing));
        assertTrue(e.getMessage().endsWith(missing.toAbsolutePath() + " does not exist"), e.getMessage());
    }

    @Test
    void givenNonNumericSeed_whenResolved_thenErrorQuotesIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> FaceModels.source("synthface:abc"));
        assertEquals("face model spec 'synthface:abc': seed must be an integer, got 'abc'", e.getMessage());
    }
}
