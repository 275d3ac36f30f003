package io.closeloop.service;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.closeloop.channels.MessageSender;
import java.util.Set;

/** The shape of docs/ARCHITECTURE.md, held by the build. */
@AnalyzeClasses(packages = "io.closeloop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.closeloop.service.CloseloopApplication";

    /** Packages inside the service depend one way: no package reaches, however indirectly, back to itself. */
    @ArchTest
    static final ArchRule servicePackagesHaveNoCycles = slices().matching("io.closeloop.service.(*)..")
            .should().beFreeOfCycles();

    /** The module graph is the architecture: the service uses channels and nlp, never the reverse. */
    @ArchTest
    static final ArchRule channelsAndNlpNeverUseTheService = noClasses()
            .that().resideInAnyPackage("io.closeloop.channels..", "io.closeloop.nlp..")
            .should().dependOnClassesThat().resideInAPackage("io.closeloop.service..");

    /** Resources parse, call one use case and answer; what is stored and how is behind the use case. */
    @ArchTest
    static final ArchRule resourcesNeverTouchDaos = noClasses()
            .that().resideInAPackage("io.closeloop.service.resources..")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("Dao");

    /** Senders, webhooks and API clients of the channels are built in one place, from the configuration. */
    @ArchTest
    static final ArchRule onlyTheCompositionRootBuildsAdapters = noClasses()
            .that().resideInAPackage("io.closeloop.service..").and().doNotHaveFullyQualifiedName(ROOT)
            .should().callConstructorWhere(describe("a constructor of a channel adapter",
                    (JavaConstructorCall call) -> isAdapter(call.getTargetOwner())));

    /** A decision is a pure function: no database and no HTTP behind it. */
    @ArchTest
    static final ArchRule decisionsUseNoJdbiAndNoJersey = noClasses()
            .that().areAnnotatedWith(Decision.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "jakarta.ws.rs..", "org.glassfish.jersey..");

    private static final Set<String> API_CLIENTS = Set.of("io.closeloop.channels.wechat.WeChatApi",
            "io.closeloop.channels.sms.TwilioHttp");

    private static boolean isAdapter(JavaClass type) {
        return type.getPackageName().startsWith("io.closeloop.channels")
                && (type.isAssignableTo(MessageSender.class) || type.isAnnotatedWith("jakarta.ws.rs.Path")
                        || API_CLIENTS.contains(type.getFullName()));
    }
}
