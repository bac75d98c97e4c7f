package dev.cgan.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link and image in README.md and docs/*.md leads somewhere: the file (or folder) exists, and a
 * {@code #anchor} names a heading of the Markdown file it points into. Links to other sites are not followed (the
 * build runs offline). README also keeps its promise to be a front page: the two commands come first, and it stays
 * short.
 */
class DocLinksTest {

    /** The repository root: the tests run in the module's folder. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyRelativeLinkInTheDocsLeadsToAFileAndHeading() throws IOException {
        List<Path> pages = pages(ROOT);
        assertTrue(pages.size() > 1, "README.md and docs/*.md not found under " + ROOT);
        List<DocLinks.Broken> broken = DocLinks.check(ROOT, pages);
        assertTrue(broken.isEmpty(), () -> broken.size() + " broken link(s):\n" + String.join("\n",
                broken.stream().map(DocLinks.Broken::toString).toList()));
    }

    @Test
    void theReadmeStartsWithTheTwoCommandsAndStaysAFrontPage() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> content = lines.stream().filter(l -> !l.isBlank()).toList();
        assertEquals("# cgan", content.get(0));
        assertEquals("```bash", content.get(1), "the first thing after the title is the commands' fenced block");
        assertTrue(content.get(2).startsWith("bin/cgan-cli --backend djl train "), content.get(2));
        assertTrue(content.get(3).startsWith("mvn -B verify "), content.get(3));
        assertEquals("```", content.get(4));
        // 190: the front page carries the two commands, a sample grid, the engines and the measured model
        // comparisons (equal time with its per-iteration curves, small data) that users choose a model by; the rest
        // is in docs/.
        assertTrue(lines.size() <= 190, "README.md has " + lines.size() + " lines; the manual belongs in docs/");
    }

    @Test
    void aMissingFileAMissingHeadingAndALinkInsideCodeAreToldApart(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/images"));
        Files.writeString(root.resolve("docs/images/grid.png"), "not really a png");
        Files.writeString(root.resolve("docs/GUIDE.md"), """
                # User guide

                ## Export to ONNX

                ### The paper's model: `--model mlp`

                ## Export to ONNX
                """, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("README.md"), """
                # cgan

                ![grid](docs/images/grid.png) and [the guide](docs/GUIDE.md#export-to-onnx), [again](docs/GUIDE.md#export-to-onnx-1),
                [mlp](docs/GUIDE.md#the-papers-model---model-mlp), [site](https://example.org/missing), [top](#cgan)

                ```text
                [inside a fence](docs/nowhere.md)
                ```

                `[inside code](docs/nowhere.md)`, but [this one](docs/NOWHERE.md) and
                ![this image](docs/images/loss.png "title") and [this heading](docs/GUIDE.md#export-to-pytorch) are broken.
                """, StandardCharsets.UTF_8);

        List<DocLinks.Broken> broken = DocLinks.check(root, pages(root));

        assertEquals(List.of("README.md:10: docs/NOWHERE.md: no such file",
                "README.md:11: docs/images/loss.png: no such file",
                "README.md:11: docs/GUIDE.md#export-to-pytorch: no heading 'export-to-pytorch' in docs/GUIDE.md"),
                broken.stream().map(DocLinks.Broken::toString).toList());
    }

    @Test
    void headingsGetGitHubsAnchors() {
        assertEquals("nd4j-backend--nd4j-nd4j-100-m21", DocLinks.slug("ND4J backend — `nd4j`, ND4J 1.0.0-M2.1"));
        assertEquals("4-pinning-down-the-onednn-fault-djl", DocLinks.slug("4. Pinning down the oneDNN fault (djl)"));
        assertEquals("indexhtml", DocLinks.slug("index.html"));
        assertEquals("use-cgan-from-java", DocLinks.slug("Use cgan from **Java**"));
        assertEquals("the-guide", DocLinks.slug("[The guide](docs/GUIDE.md)"));
    }

    private static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            pages.addAll(files.filter(f -> f.toString().endsWith(".md")).sorted().toList());
        }
        return pages;
    }
}
