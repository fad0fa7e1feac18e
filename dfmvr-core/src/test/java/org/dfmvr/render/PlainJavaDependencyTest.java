package org.dfmvr.render;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rasterizer and mesh I/O are plain Java (style guide, "What that means here" 1): no Spark, ND4J or DL4J. */
class PlainJavaDependencyTest {
    @Test
    void givenTheRenderAndMeshPackages_whenTheirImportsAreChecked_thenNoneIsSparkNd4jOrDl4j() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.dfmvr.render", "org.dfmvr.mesh");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.nd4j..",
                "org.deeplearning4j..", "scala..").check(classes);
    }
}
