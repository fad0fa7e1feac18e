package org.dfmvr.geometry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class GeometryDependencyRulesTest {

    @Test
    void givenTheGeometryPackage_thenItImportsNeitherSparkNorNd4j() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.dfmvr.geometry");
        noClasses().that().resideInAPackage("org.dfmvr.geometry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.nd4j..",
                        "org.deeplearning4j..")
                .check(classes);
    }
}
