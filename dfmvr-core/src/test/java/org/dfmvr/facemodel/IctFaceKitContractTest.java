package org.dfmvr.facemodel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The contract on the shared ICT subset (narrow face area, small texture rank); skips when the data is absent. */
class IctFaceKitContractTest extends FaceModelSourceContract {
    @Override
    FaceModelSource source(Path tempDir) {
        Assumptions.assumeTrue(Files.isRegularFile(IctFaceKitImporterTest.FOLDER.resolve(IctFaceKitImporter.NEUTRAL)),
                "ICT-FaceKit data absent at " + IctFaceKitImporterTest.FOLDER.toAbsolutePath());
        return new IctFaceKitImporter(IctFaceKitImporterTest.FOLDER,
                new IctFaceKitImporter.Settings(IctFaceKitImporter.FaceArea.NARROW, 1, 10));
    }
}
