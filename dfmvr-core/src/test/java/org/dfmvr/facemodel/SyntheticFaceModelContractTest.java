package org.dfmvr.facemodel;

import java.nio.file.Path;

class SyntheticFaceModelContractTest extends FaceModelSourceContract {
    @Override
    FaceModelSource source(Path tempDir) {
        return new SyntheticFaceModel(new SyntheticFaceModel.Settings(4, 33, 6, 5, 4));
    }
}
