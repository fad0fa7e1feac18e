package org.dfmvr.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering of docs/architecture.md, checked: plain-Java packages stay plain, only one core package sees Spark. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.dfmvr");

    private static final String[] PLAIN_JAVA = {"org.dfmvr.mesh..", "org.dfmvr.geometry..", "org.dfmvr.facemodel..",
            "org.dfmvr.camera..", "org.dfmvr.lighting..", "org.dfmvr.render..", "org.dfmvr.fitting..",
            "org.dfmvr.landmarks.."};

    @Test
    void geometryFaceModelsRenderingAndMeshIoImportNeitherSparkNorNd4j() {
        noClasses().that().resideInAnyPackage(PLAIN_JAVA)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.nd4j..",
                        "org.deeplearning4j..")
                .allowEmptyShould(true).check(CORE);
    }

    @Test
    void onlyTheSparkPackageOfCoreImportsSpark() {
        noClasses().that().resideOutsideOfPackage("org.dfmvr.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..")
                .check(CORE);
    }
}
