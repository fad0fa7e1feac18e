package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped human face model {@code ict-face}: it loads from the class path alone (a fresh clone), has human
 * proportions in millimetres, consistent 68/101 landmark tables and UVs, and equals the ICT-FaceKit it was built from
 * up to its 16-bit quantisation (that part skips without the shared ICT folder).
 */
class IctFaceTest {
    private static MorphableModel model;

    @BeforeAll
    static void load() throws IOException {
        model = FaceModels.load(FaceModels.ICT_FACE);
    }

    @Test
    void givenOnlyTheClassPath_whenIctFaceIsLoaded_thenItIsTheFullIctFaceAreaInMillimetres() {
        assertEquals(LengthUnit.MM, model.unit());
        assertEquals(IctFaceKitImporter.FaceArea.FULL.vertexCount(), model.vertexCount());
        assertEquals(20, model.idRank());
        assertEquals(13, model.expRank());
        assertEquals(IctFace.TEX_RANK, model.texRank());
        assertTrue(model.hasUvs(), "texture coordinates from the ICT OBJ");
        assertTrue(model.hasLandmarks101(), "101 3D-landmark ids");
    }

    @Test
    void givenTheMeanFace_whenMeasuredAtItsLandmarks_thenItHasAdultHumanProportions() {
        float[] s = model.meanShape();
        int[] l = model.landmarkIds68();
        double outerEyes = dist(s, l[36], l[45]);
        double noseAhead = s[3 * l[30] + 2] - (s[3 * l[36] + 2] + s[3 * l[45] + 2]) / 2;
        double nasionToChin = dist(s, l[27], l[8]);
        double mouthWidth = dist(s, l[48], l[54]);
        System.out.printf("ict-face mean: outer eye corners %.1f mm apart, nose tip %.1f mm ahead of them, nasion to"
                + " chin %.1f mm, mouth %.1f mm wide%n", outerEyes, noseAhead, nasionToChin, mouthWidth);
        assertTrue(outerEyes > 80 && outerEyes < 105, "outer eye corners " + outerEyes + " mm");
        assertTrue(noseAhead > 25 && noseAhead < 60, "nose ahead " + noseAhead + " mm");
        assertTrue(nasionToChin > 95 && nasionToChin < 135, "nasion to chin " + nasionToChin + " mm");
        assertTrue(mouthWidth > 40 && mouthWidth < 60, "mouth " + mouthWidth + " mm");
    }

    @Test
    void givenThe101Table_whenComparedWithThe68_thenTheAlignmentRowsAreTheSameVertices() {
        int[] l101 = model.landmarkIds101();
        int[] rows = {47, 50, 53, 56, 41, 79, 85};
        int[] alignment = model.alignmentIds();
        for (int k = 0; k < rows.length; k++) {
            assertEquals(alignment[k], l101[rows[k]], "alignment point " + k + " at 101-row " + rows[k]);
        }
    }

    @Test
    void givenTheDerived101Points_whenMirrored_thenEachMeetsItsPartnerOnTheOtherSide() {
        float[] s = model.meanShape();
        int[] l101 = model.landmarkIds101();
        int[][] pairs = {
            {1, 26}, {8, 20}, {10, 18}, {12, 16},     // derived contour points whose mirror row is kept
            {59, 63}, {60, 64}, {61, 65}, {62, 66},                           // lower brows
            {67, 70}, {68, 71}, {69, 72},                                     // mid-lids, eye centres
            {73, 74}, {75, 76}, {77, 78}, {99, 100}};                         // nose wings, pupils
        double worst = 0;
        for (int[] p : pairs) {
            int a = l101[p[0]], b = l101[p[1]];
            double dx = s[3 * a] + s[3 * b], dy = s[3 * a + 1] - s[3 * b + 1];
            worst = Math.max(worst, Math.hypot(dx, dy));
            assertTrue(s[3 * a] < 0 && s[3 * b] > 0, "rows " + p[0] + "/" + p[1] + ": subject's right (-x) first");
        }
        System.out.printf("ict-face derived 101 points: worst mirror mismatch %.2f mm%n", worst);
        assertTrue(worst < 3, "mirror mismatch " + worst + " mm");
    }

    @Test
    void givenTheIctFaceKitFolder_whenImportedAgain_thenTheShippedFileHoldsItUpToQuantisation() throws IOException {
        Path folder = IctFaceKitImporterTest.FOLDER;
        Assumptions.assumeTrue(Files.isRegularFile(folder.resolve(IctFaceKitImporter.NEUTRAL)),
                "ICT-FaceKit data absent at " + folder.toAbsolutePath() + " (set -Ddfmvr.shared=<shared folder>)");
        IctFaceKitImporter.Pieces fresh = new IctFaceKitImporter(folder, IctFaceKitImporter.Settings.defaults())
                .pieces();
        IctFaceKitImporter.Pieces shipped = shippedPieces();
        assertArrayEquals(fresh.meanCm(), shipped.meanCm());
        assertArrayEquals(fresh.triangles(), shipped.triangles());
        assertArrayEquals(fresh.landmarks68(), shipped.landmarks68());
        assertArrayEquals(fresh.landmarks101(), shipped.landmarks101());
        assertArrayEquals(fresh.uvs(), shipped.uvs());
        double worstMm = Math.max(worstQuantisation(fresh.idBasis(), shipped.idBasis(), fresh.idRank()),
                worstQuantisation(fresh.expBasis(), shipped.expBasis(), fresh.expRank()));
        System.out.printf("ict-face: largest basis quantisation error %.5f mm%n", worstMm);
        assertTrue(worstMm < 1e-3, "quantisation error " + worstMm + " mm");
    }

    @Test
    void givenACorruptedFile_whenDecoded_thenTheErrorNamesTheSource() throws IOException {
        byte[] bytes;
        try (InputStream in = IctFace.class.getResourceAsStream(IctFace.RESOURCE)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 0x5a;
        IOException e = assertThrows(IOException.class, () -> IctFace.decode(bytes, "damaged.bin.gz"));
        assertTrue(e.getMessage().startsWith("damaged.bin.gz"), e.getMessage());
    }

    @Test
    void givenTheSpecWithAnArgument_whenLoaded_thenTheErrorListsTheForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaceModels.source("ict-face:/some/folder"));
        assertTrue(e.getMessage().contains(FaceModels.SPEC_FORMS), e.getMessage());
    }

    private static IctFaceKitImporter.Pieces shippedPieces() throws IOException {
        try (InputStream in = IctFace.class.getResourceAsStream(IctFace.RESOURCE)) {
            return IctFace.decode(in.readAllBytes(), IctFace.RESOURCE);
        }
    }

    /** Largest |fresh - shipped| in mm (bases are in cm), checked against half a quantisation step per column. */
    private static double worstQuantisation(float[] fresh, float[] shipped, int rank) {
        float[] scale = IctFace.columnScales(fresh, rank);
        double worst = 0;
        for (int i = 0; i < fresh.length; i++) {
            double d = Math.abs(fresh[i] - shipped[i]);
            assertTrue(d <= 0.5001 * scale[i % rank] + 1e-7, "entry " + i + " off by " + d + " cm");
            worst = Math.max(worst, d * 10);
        }
        return worst;
    }

    private static double dist(float[] s, int a, int b) {
        double dx = s[3 * a] - s[3 * b], dy = s[3 * a + 1] - s[3 * b + 1], dz = s[3 * a + 2] - s[3 * b + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
