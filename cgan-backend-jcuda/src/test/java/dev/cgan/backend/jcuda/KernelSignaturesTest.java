package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.backend.jcuda.KernelSignatures.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * The kernels' parameter lists, read from the sources, against how the Java code launches them: every launch with a
 * literal kernel name names a kernel of its source and passes as many arguments as the kernel declares, of the kinds
 * that can be told from the code (device pointers, float casts and literals). Launches with composed names are checked
 * at run time by the same signatures.
 */
class KernelSignaturesTest {

    private static final Pattern LAUNCH = Pattern.compile("launch\\(KernelSource\\.(\\w+),\\s*\"(\\w+)\"");

    @Test
    void parsesTheKindsOfEveryKernel() {
        KernelSignatures optimizer = KernelSignatures.parse(KernelSource.OPTIMIZER.read());
        assertEquals(List.of(Kind.POINTER, Kind.POINTER, Kind.POINTER, Kind.POINTER, Kind.FLOAT, Kind.FLOAT,
                Kind.FLOAT, Kind.FLOAT, Kind.FLOAT, Kind.FLOAT, Kind.INT), optimizer.kernels().get("adam_step"));
        // The int* of Maxout's argmax is a device pointer like any other.
        assertEquals(List.of(Kind.POINTER, Kind.POINTER, Kind.POINTER, Kind.INT, Kind.INT),
                KernelSignatures.parse(KernelSource.MAXOUT.read()).kernels().get("maxout_forward"));
        assertEquals(List.of(Kind.POINTER, Kind.POINTER, Kind.POINTER, Kind.POINTER, Kind.INT, Kind.INT),
                KernelSignatures.parse(KernelSource.LOSS.read()).kernels().get("cross_entropy_backward"));
        for (KernelSource source : KernelSource.values()) {
            assertFalse(KernelSignatures.parse(source.read()).kernels().isEmpty(), source.file() + " has kernels");
        }
    }

    @Test
    void refusesArgumentsThatDoNotFit() {
        KernelSignatures s = KernelSignatures.parse(KernelSource.ELEMENTWISE.read());
        Pointer p = new Pointer();
        s.check("leaky_relu_forward", p, p, 0.2f, 10);
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
                () -> s.check("leaky_relu_forward", p, p, 10, 0.2f));
        assertTrue(wrongKind.getMessage().contains("argument 2 must be float"), wrongKind::getMessage);
        assertThrows(IllegalArgumentException.class, () -> s.check("leaky_relu_forward", p, p, 0.2f));
        assertThrows(IllegalArgumentException.class, () -> s.check("no_such_kernel"));
    }

    @Test
    void everyLiteralLaunchInTheSourcesFitsItsKernel() throws IOException {
        Path sources = Path.of("src/main/java/dev/cgan/backend/jcuda");
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String code = Files.readString(file);
                Matcher m = LAUNCH.matcher(code);
                while (m.find()) {
                    KernelSource source = KernelSource.valueOf(m.group(1));
                    String kernel = m.group(2);
                    Map<String, List<Kind>> kernels = KernelSignatures.parse(source.read()).kernels();
                    String where = file.getFileName() + ": " + kernel;
                    assertTrue(kernels.containsKey(kernel), where + " is not a kernel of " + source.file());
                    List<String> args = arguments(code, m.start() + "launch".length());
                    // source, kernel name, then the element count or the launch geometry, then the kernel's own
                    List<String> own = args.subList(3, args.size());
                    List<Kind> kinds = kernels.get(kernel);
                    assertEquals(kinds.size(), own.size(), () -> where + " launched with " + own);
                    for (int i = 0; i < own.size(); i++) {
                        Kind inferred = infer(own.get(i));
                        if (inferred != null) {
                            assertEquals(kinds.get(i), inferred, where + " argument " + i + ": " + own.get(i));
                        }
                    }
                    checked.add(kernel);
                }
            }
        }
        assertTrue(checked.size() >= 15, "the scan found the launches: " + checked);
        // Dropout, Maxout and softmax cross-entropy launch their kernels with literal names, so the scan checks them.
        assertTrue(checked.containsAll(List.of("multiply", "maxout_forward", "maxout_backward",
                "cross_entropy_forward", "cross_entropy_backward", "upsample_nearest_forward",
                "upsample_nearest_backward", "avgpool_forward", "avgpool_backward")),
                "the new layers' launches were scanned: " + checked);
    }

    /** The kind an argument expression evidently has, or null when the text does not tell. */
    private static Kind infer(String arg) {
        if (arg.endsWith(".data()")) {
            return Kind.POINTER;
        }
        if (arg.startsWith("(float)") || arg.matches("-?[0-9.]+f") || arg.matches("1f / .*")) {
            return Kind.FLOAT;
        }
        return null;
    }

    /** The top-level arguments of the call whose '(' is at {@code open}. */
    static List<String> arguments(String code, int open) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    args.add(current.toString().strip());
                    return args;
                }
            } else if (c == ',' && depth == 1) {
                args.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        throw new IllegalStateException("unbalanced call at " + open);
    }
}
