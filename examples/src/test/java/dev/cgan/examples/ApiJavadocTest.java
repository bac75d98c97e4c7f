package dev.cgan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The javadoc of the API a library user programs against — the modules {@code dev.cgan.api} and {@code dev.cgan.core}
 * — builds without a warning under javadoc's doclint: broken references, malformed HTML, wrong tags and accessibility
 * all count. One group is left out, "missing" (a {@code @param} or {@code @return} tag on every member even where the
 * first sentence already says it), which the API leaves out by choice where the sentence is enough.
 */
class ApiJavadocTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /**
     * The jars of the libraries cgan-core requires as modules (Jackson, EJML, XChart), from this test's class path,
     * where Maven put them as cgan-core's dependencies.
     */
    private static String requiredLibraries() {
        String jars = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> p.matches(".*/(jackson-core|ejml-[a-z]+|xchart)-[0-9][^/]*\\.jar"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        assertTrue(!jars.isEmpty(), "cgan-core's libraries are on the test class path");
        return jars;
    }

    @Test
    void publicApiJavadocHasNoWarnings(@TempDir Path out) {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertNotNull(javadoc, "this JDK has no javadoc tool");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        List<String> options = List.of("-quiet", "-Xmaxwarns", "10000", "-Xdoclint:all,-missing",
                "-d", out.toString(), "--module-path", requiredLibraries(),
                "--module-source-path", "dev.cgan.api=" + ROOT.resolve("cgan-api/src/main/java"),
                "--module-source-path", "dev.cgan.core=" + ROOT.resolve("cgan-core/src/main/java"),
                "--module", "dev.cgan.api,dev.cgan.core");
        boolean ok = javadoc.getTask(log, null, diagnostics, null, options, null).call();
        String problems = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.ERROR
                        || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                .map(d -> d.getSource() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                .collect(Collectors.joining("\n"));
        assertTrue(ok, "javadoc failed:\n" + problems + log);
        assertEquals("", problems);
        assertTrue(Files.isRegularFile(out.resolve("dev.cgan.core/dev/cgan/core/train/Trainer.html")));
    }
}
