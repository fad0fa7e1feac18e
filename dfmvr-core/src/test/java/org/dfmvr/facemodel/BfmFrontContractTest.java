package org.dfmvr.facemodel;

import java.io.IOException;
import java.nio.file.Path;

/** The contract on a small BFM_model_front.mat written by {@link BfmImporterTest}. */
class BfmFrontContractTest extends FaceModelSourceContract {
    @Override
    FaceModelSource source(Path tempDir) throws IOException {
        return BfmImporter.frontModel(BfmImporterTest.writeValidFront(tempDir));
    }
}
