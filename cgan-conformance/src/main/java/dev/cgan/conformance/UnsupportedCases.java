package dev.cgan.conformance;

import dev.cgan.api.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cases a backend declares it does not support, each with a reason: the file
 * {@value #RESOURCE} in the backend's own jar, one {@code case-name: reason} per line, {@code #} comments and blank
 * lines ignored (onnxruntime's filter-file idea).
 *
 * <p>Anything not listed must pass (a case that throws {@link UnsupportedOperationException} without being listed
 * fails); a listed case that passes is reported as {@link Outcome#LISTED_BUT_PASSED} so the list is kept honest.
 */
public final class UnsupportedCases {

    /** Where a backend keeps its list, relative to the root of its jar. */
    public static final String RESOURCE = "META-INF/cgan/conformance-unsupported.txt";

    private final Map<String, String> reasons;

    private UnsupportedCases(Map<String, String> reasons) {
        this.reasons = Collections.unmodifiableMap(reasons);
    }

    /** An empty list: the backend claims every case. */
    public static UnsupportedCases none() {
        return new UnsupportedCases(new LinkedHashMap<>());
    }

    /**
     * Parses the file format.
     *
     * @param source where the text came from, for error messages
     * @throws IllegalArgumentException naming the source and line of an entry without a reason or a duplicate entry
     */
    public static UnsupportedCases parse(String text, String source) {
        Map<String, String> reasons = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).strip();
            String reason = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (name.isEmpty() || reason.isEmpty()) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected 'case-name: reason', got '"
                        + line + "'");
            }
            if (reasons.putIfAbsent(name, reason) != null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": case '" + name + "' is listed twice");
            }
        }
        return new UnsupportedCases(reasons);
    }

    /**
     * The list shipped in {@code backend}'s own jar (or module), or an empty list when it has none. On the class
     * path, only the copy next to the backend's class counts, never another jar's.
     *
     * @throws IllegalArgumentException if the file is malformed
     * @throws UncheckedIOException     if it cannot be read
     */
    public static UnsupportedCases of(Backend backend) {
        Class<?> type = backend.getClass();
        try {
            if (type.getModule().isNamed()) {
                // META-INF is not a package, so its resources are readable from any module.
                try (InputStream in = type.getModule().getResourceAsStream(RESOURCE)) {
                    return in == null ? none() : parse(read(in), backend.name() + " " + RESOURCE);
                }
            }
            URL own = ownCopy(type);
            if (own == null) {
                return none();
            }
            try (InputStream in = own.openStream()) {
                return parse(read(in), own.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " of backend " + backend.name(), e);
        }
    }

    /** The reason {@code caseName} is listed, if it is. */
    public Optional<String> reason(String caseName) {
        return Optional.ofNullable(reasons.get(caseName));
    }

    /** Every entry, case name to reason, in file order. */
    public Map<String, String> entries() {
        return reasons;
    }

    /** Listed names that are not among {@code knownCases} (typos, or cases since removed from the suite). */
    public Set<String> unknownNames(Collection<String> knownCases) {
        Set<String> unknown = new TreeSet<>(reasons.keySet());
        unknown.removeAll(knownCases);
        return unknown;
    }

    private static URL ownCopy(Class<?> type) throws IOException {
        ClassLoader loader = type.getClassLoader();
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (loader == null || code == null || code.getLocation() == null) {
            return null;
        }
        String location = code.getLocation().toString();
        Enumeration<URL> copies = loader.getResources(RESOURCE);
        while (copies.hasMoreElements()) {
            URL url = copies.nextElement();
            String s = url.toString();
            // jar:file:/x/backend.jar!/META-INF/... for jars, file:/x/classes/META-INF/... for directories.
            if (s.equals("jar:" + location + "!/" + RESOURCE) || s.equals(location + RESOURCE)) {
                return url;
            }
        }
        return null;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
