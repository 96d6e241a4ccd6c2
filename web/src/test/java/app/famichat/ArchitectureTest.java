package app.famichat;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ejb.MessageDriven;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled classes of the ejb and web modules (both are
 * on this module's test class path): no dependency cycle between features or between any two packages, and the web
 * layer talks to the services and the types they answer with (records and the entities they return, as Cargo
 * Tracker's interfaces do), never to stores, listeners, persistence, the broker or libsignal directly.
 */
class ArchitectureTest {

    private static JavaClasses famichat;

    @BeforeAll
    static void importClasses() {
        famichat = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("app.famichat");
    }

    @Test
    void noFeatureDependsOnItselfThroughAnother() {
        // (*).. makes a feature with its sub-packages one slice: platform, web and their parts each count as one.
        slices().matching("app.famichat.(*)..").should().beFreeOfCycles().check(famichat);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        // (**) makes every package its own slice: a cycle between sub-packages counts as much as one between features.
        slices().matching("app.famichat.(**)").should().beFreeOfCycles().check(famichat);
    }

    @Test
    void theWebLayerUsesServicesNotTheirMachinery() {
        noClasses().that().resideInAPackage("app.famichat.web..")
                .should().dependOnClassesThat(machinery())
                .orShould().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.jms..",
                        "org.signal..")
                .because("resources and socket endpoints go through the services (docs/architecture.md, "
                        + "\"Packages\"); stores and listeners are the services' own business")
                .check(famichat);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> machinery() {
        return describe("stores or message-driven beans of the ejb module",
                type -> type.getPackageName().startsWith("app.famichat.")
                        && !type.getPackageName().startsWith("app.famichat.web")
                        && (type.isAnnotatedWith(MessageDriven.class) || type.getSimpleName().endsWith("Store")));
    }
}
