package dev.cgan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures in README.md and docs/*.md are what {@code scripts/figures} computes from the raw results committed under
 * docs/results/: a figure typed over by hand, or results changed without regenerating the docs, fails the build. Runs
 * the script's own source ({@code scripts/Figures.java}) with this JVM's {@code java}, so no Python is needed.
 */
class DocFiguresTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void theDocsMatchTheCommittedResults() throws Exception {
        Result check = figures(ROOT, "--check");
        System.out.println(check.output());
        assertEquals(0, check.exitCode(), () -> "docs differ from docs/results; run scripts/figures and commit:\n"
                + check.output());
        assertTrue(check.output().contains(" 0 differ"), check.output());
    }

    @Test
    void aFigureTypedOverByHandIsCaught(@TempDir Path copy) throws Exception {
        copyTree(ROOT.resolve("docs"), copy.resolve("docs"));
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf("<!-- figure default-run-speed -->");
        assertTrue(marker >= 0, "README shows the default run's speed as a figure");
        int start = marker + "<!-- figure default-run-speed -->".length();
        int end = readme.indexOf("<!-- /figure -->", start);
        Files.writeString(copy.resolve("README.md"), readme.substring(0, start) + "about 118 images/s"
                + readme.substring(end), StandardCharsets.UTF_8);

        Result check = figures(copy, "--check");

        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains("README.md: figure 'default-run-speed' differs from the results: the doc "
                + "has \"about 118 images/s\""), check.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result figures(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), ROOT.resolve("scripts/Figures.java").toString()));
        command.addAll(List.of(args));
        command.add(root.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "scripts/Figures.java did not finish");
        return new Result(p.exitValue(), output);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(f -> !f.toString().endsWith(".png") && !f.toString().endsWith(".gif"))
                    .toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
