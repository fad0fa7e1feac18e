package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link FaceModelSource} must give: a model that survives our cache exactly, whose coefficient layout
 * adds up, whose mean instance has colours in [0,1], whose landmarks are anatomically placed for a face looking
 * towards +z, and whose 7 alignment points are distinct vertices. One one-line subclass per source
 * ({@code *ContractTest}).
 */
abstract class FaceModelSourceContract {
    @TempDir
    Path dir;

    /** Loaded models by test class, so a slow source (ICT: 34 OBJ files) is read once per class. */
    private static final Map<Class<?>, MorphableModel> LOADED = new HashMap<>();

    abstract FaceModelSource source(Path tempDir) throws IOException;

    private MorphableModel model() throws IOException {
        MorphableModel m = LOADED.get(getClass());
        if (m == null) {
            m = source(dir).load();
            LOADED.put(getClass(), m);
        }
        return m;
    }

    @Test
    void givenLoadedModel_whenSavedToCacheAndRead_thenItIsExactlyTheSame() throws IOException {
        MorphableModel m = model();
        Path file = dir.resolve("contract.fmc");
        FaceModelCache.write(m, file);
        assertTrue(m.sameAs(FaceModelCache.read(file)));
    }

    @Test
    void givenLoadedModel_whenLayoutBuiltForThreeViews_thenSizeIsSharedPlusSixPerView() throws IOException {
        MorphableModel m = model();
        CoeffLayout l = CoeffLayout.forModel(m, 3);
        assertEquals(m.idRank() + m.expRank() + m.texRank() + CoeffLayout.GAMMA_SIZE + 3 * CoeffLayout.POSE_SIZE,
                l.size());
    }

    @Test
    void givenLoadedModel_whenMeanInstanceBuilt_thenColoursAreInUnitRange() throws IOException {
        TriangleMesh mesh = model().meanInstance();
        for (float c : mesh.colors()) {
            assertTrue(c >= 0 && c <= 1, "colour " + c);
        }
    }

    @Test
    void givenMeanShape_whenLandmarksCompared_thenNoseTipIsInFrontAndFaceIsUpright() throws IOException {
        MorphableModel m = model();
        float[] lm = m.landmarks68(m.meanShape());
        for (int i : new int[] {36, 39, 42, 45, 48, 54}) {
            assertTrue(lm[3 * 30 + 2] > lm[3 * i + 2], "nose tip behind landmark " + i);
        }
        assertTrue(lm[3 * 27 + 1] > lm[3 * 33 + 1] && lm[3 * 33 + 1] > lm[3 * 57 + 1] && lm[3 * 57 + 1] > lm[3 * 8 + 1],
                "bridge, nostrils, lower lip, chin should go downwards in y");
        assertTrue(lm[3 * 36] < lm[3 * 45], "subject's right eye (36) should be at -x of the left eye (45)");
    }

    @Test
    void givenLoadedModel_whenAlignmentIdsRead_thenTheyAreSevenDistinctVertices() throws IOException {
        int[] ids = model().alignmentIds();
        assertEquals(7, Arrays.stream(ids).distinct().count());
    }
}
