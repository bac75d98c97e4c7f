package dev.cgan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The code that cgan's docs show for library use is this project's code, character for character: every fenced block
 * right after a {@code <!-- source: PATH -->} line in README.md or docs/LIBRARY.md must equal the file at PATH
 * (relative to cgan's root, this project's parent folder); after {@code <!-- source: PATH#NAME -->}, the lines of that
 * file between {@code // region NAME} and {@code // endregion NAME}, without their common indentation.
 */
class DocumentedCodeTest {

    private static final Pattern SOURCE = Pattern.compile(
            "<!-- source: ([^\\s#]+)(?:#(\\S+))? -->\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void theLibraryGuideShowsTheExampleAsItIs() throws IOException {
        List<String> shown = checkSources(ROOT.resolve("docs/LIBRARY.md"));
        assertTrue(shown.contains("examples/src/main/java/dev/cgan/examples/TrainBars.java"), "shown: " + shown);
    }

    @Test
    void readmeShowsOnlyCodeThatExists() throws IOException {
        checkSources(ROOT.resolve("README.md"));
    }

    private static List<String> checkSources(Path doc) throws IOException {
        String text = Files.readString(doc);
        Matcher m = SOURCE.matcher(text);
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            Path file = ROOT.resolve(m.group(1));
            assertTrue(Files.isRegularFile(file), doc.getFileName() + " shows " + m.group(1) + ", which does not exist");
            String source = Files.readString(file);
            String expected = m.group(2) == null ? source.stripTrailing() : region(source, m.group(2), m.group(1));
            assertEquals(expected, m.group(3).stripTrailing(),
                    doc.getFileName() + " shows an outdated copy of " + m.group(0).lines().findFirst().orElseThrow());
            shown.add(m.group(2) == null ? m.group(1) : m.group(1) + "#" + m.group(2));
        }
        assertFalse(text.contains("<!-- source:") && shown.isEmpty(),
                doc.getFileName() + " has a source marker not followed by a fenced block");
        return shown;
    }

    /** The lines between {@code // region NAME} and {@code // endregion NAME}, less their common indentation. */
    private static String region(String source, String name, String file) {
        List<String> lines = source.lines().toList();
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.equals("// region " + name)) {
                start = i + 1;
            } else if (t.equals("// endregion " + name)) {
                end = i;
            }
        }
        assertTrue(start >= 0 && end >= start, file + " has no region " + name);
        List<String> body = lines.subList(start, end);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String l : body) {
            b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
