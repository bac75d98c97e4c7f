package dev.cgan.core.docs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the inline links and images of Markdown pages ({@code [text](target)}, {@code ![alt](target "title")}) outside
 * fenced code blocks and code spans, and reports each relative target that leads nowhere: a missing file or folder,
 * or a {@code #anchor} that no heading of the target page produces. Anchors are made as GitHub makes them: the heading's
 * text in lower case, punctuation dropped, spaces turned into hyphens, a repeated anchor numbered {@code -1},
 * {@code -2}, ... Targets with a scheme ({@code https:}, {@code mailto:}) are left alone.
 */
final class DocLinks {

    /** One link that leads nowhere, with the page and line it is on. */
    record Broken(String page, int line, String target, String problem) {
        @Override
        public String toString() {
            return page + ":" + line + ": " + target + ": " + problem;
        }
    }

    private static final Pattern LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?"
            + "(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private DocLinks() {
    }

    static List<Broken> check(Path root, List<Path> pages) throws IOException {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<Broken> broken = new ArrayList<>();
        for (Path page : pages) {
            String name = root.relativize(page).toString().replace('\\', '/');
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
                while (m.find()) {
                    String target = m.group(2);
                    String problem = problem(page, target, anchors);
                    if (problem != null) {
                        broken.add(new Broken(name, i + 1, target, problem));
                    }
                }
            }
        }
        return broken;
    }

    /** Why {@code target}, linked from {@code page}, leads nowhere; null when it leads somewhere or is not local. */
    private static String problem(Path page, String target, Map<Path, Set<String>> anchors) throws IOException {
        if (target.isEmpty()) {
            return "empty target";
        }
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page
                : page.getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor == null) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        Set<String> known = anchors.get(resolved);
        if (known == null) {
            known = anchors(resolved);
            anchors.put(resolved, known);
        }
        return known.contains(anchor) ? null
                : "no heading '" + anchor + "' in " + page.getParent().relativize(resolved).toString().replace('\\', '/');
    }

    /** The anchors GitHub gives the headings of a Markdown page. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String slug = slug(m.group(2));
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: its visible text, lower case, without punctuation, spaces as hyphens. */
    static String slug(String heading) {
        String text = LINK.matcher(heading).replaceAll("$1");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c)
                    || Character.getType(c) == Character.NON_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }
}
