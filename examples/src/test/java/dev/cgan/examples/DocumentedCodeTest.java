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
 * (relative to cgan's root, this project's parent folder).
 */
class DocumentedCodeTest {

    private static final Pattern SOURCE = Pattern.compile("<!-- source: (\\S+) -->\\n```[a-z]*\\n(.*?)\\n```",
            Pattern.DOTALL);

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
            assertEquals(Files.readString(file).stripTrailing(), m.group(2).stripTrailing(),
                    doc.getFileName() + " shows an outdated copy of " + m.group(1));
            shown.add(m.group(1));
        }
        assertFalse(text.contains("<!-- source:") && shown.isEmpty(),
                doc.getFileName() + " has a source marker not followed by a fenced block");
        return shown;
    }
}
