package dev.cgan.core.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory, as the kernel counts it (Java heap, native engine memory and libraries alike).
 * Recorded with every iteration so that memory over a long run can be read from {@code metrics.jsonl}, always at the
 * same point of the iteration (after it finished), where sampling from outside would catch the transient peak of a
 * backward pass one time and the trough between iterations the next.
 */
final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Resident set size in MiB, or NaN where the platform does not say (anything but Linux). */
    static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kilobytes) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: the figure is optional.
        }
        return Double.NaN;
    }
}
