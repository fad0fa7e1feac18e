package org.dfmvr.facemodel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The face-model, camera and lighting packages are plain Java: usable on executors without Spark or ND4J. */
class PlainJavaPackagesTest {
    @Test
    void givenFaceModelCameraAndLighting_whenDependenciesChecked_thenNoneUsesSparkOrNd4j() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.dfmvr.facemodel", "org.dfmvr.camera", "org.dfmvr.lighting");
        noClasses().that().resideInAnyPackage("org.dfmvr.facemodel..", "org.dfmvr.camera..", "org.dfmvr.lighting..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.nd4j..",
                        "org.deeplearning4j..", "scala..")
                .check(classes);
    }
}
