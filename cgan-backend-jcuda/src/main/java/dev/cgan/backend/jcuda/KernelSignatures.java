package dev.cgan.backend.jcuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Pointer;

/**
 * The parameter kinds of every {@code extern "C" __global__} kernel in a source, read from the source itself, so that
 * a launch whose Java arguments do not match the kernel (a float where an int is expected reads as garbage on the
 * GPU, silently) fails on the host with the kernel's name instead.
 */
final class KernelSignatures {

    /** What a kernel parameter is, as far as a launch is concerned. */
    enum Kind {
        POINTER, INT, FLOAT;

        static Kind of(String declaration) {
            String d = declaration.strip();
            if (d.contains("*")) {
                return POINTER;
            }
            String type = d.replaceFirst("^const\\s+", "").split("\\s+")[0];
            switch (type) {
                case "int":
                    return INT;
                case "float":
                    return FLOAT;
                default:
                    throw new IllegalArgumentException("unsupported kernel parameter type in '" + d + "'");
            }
        }

        boolean accepts(Object arg) {
            switch (this) {
                case POINTER:
                    return arg instanceof Pointer;
                case INT:
                    return arg instanceof Integer;
                default:
                    return arg instanceof Float;
            }
        }
    }

    private static final Pattern KERNEL = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    private final Map<String, List<Kind>> kernels;

    private KernelSignatures(Map<String, List<Kind>> kernels) {
        this.kernels = kernels;
    }

    static KernelSignatures parse(String source) {
        Map<String, List<Kind>> found = new LinkedHashMap<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            List<Kind> kinds = new ArrayList<>();
            String params = m.group(2).strip();
            if (!params.isEmpty()) {
                for (String p : params.split(",")) {
                    kinds.add(Kind.of(p));
                }
            }
            found.put(m.group(1), List.copyOf(kinds));
        }
        return new KernelSignatures(found);
    }

    Map<String, List<Kind>> kernels() {
        return kernels;
    }

    /** Throws naming the kernel and the parameter when {@code args} do not fit its declaration. */
    void check(String kernel, Object... args) {
        List<Kind> kinds = kernels.get(kernel);
        if (kinds == null) {
            throw new IllegalArgumentException("no kernel '" + kernel + "' in this source; it has " + kernels.keySet());
        }
        if (kinds.size() != args.length) {
            throw new IllegalArgumentException("kernel " + kernel + " takes " + kinds.size() + " arguments, launched "
                    + "with " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            if (!kinds.get(i).accepts(args[i])) {
                throw new IllegalArgumentException("kernel " + kernel + " argument " + i + " must be "
                        + kinds.get(i).name().toLowerCase(java.util.Locale.ROOT) + ", got "
                        + (args[i] == null ? "null" : args[i].getClass().getSimpleName()));
            }
        }
    }
}
