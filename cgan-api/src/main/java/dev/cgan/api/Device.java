package dev.cgan.api;

import java.util.Objects;

/**
 * A device a backend computes on.
 *
 * @param kind        CPU or GPU
 * @param index       the device ordinal within its kind (0 for the CPU)
 * @param description a human description, e.g. {@code "NVIDIA H100 80GB HBM3"}
 */
public record Device(DeviceKind kind, int index, String description) {

    public Device {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    /** The host CPU. */
    public static Device cpu() {
        return new Device(DeviceKind.CPU, 0, "CPU");
    }

    /** GPU number {@code index}. */
    public static Device gpu(int index, String description) {
        return new Device(DeviceKind.GPU, index, description);
    }

    /** The id users type: {@code cpu} or {@code gpu:N}. */
    public String id() {
        return kind == DeviceKind.CPU ? "cpu" : "gpu:" + index;
    }

    /**
     * Parses a device id as users type it: {@code cpu}, {@code gpu}, {@code gpu:N}, {@code cuda}, {@code cuda:N}.
     *
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public static Device parse(String id) {
        String s = id.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return cpu();
        }
        for (String prefix : new String[] {"gpu", "cuda"}) {
            if (s.equals(prefix)) {
                return gpu(0, "GPU 0");
            }
            if (s.startsWith(prefix + ":")) {
                try {
                    int n = Integer.parseInt(s.substring(prefix.length() + 1));
                    if (n >= 0) {
                        return gpu(n, "GPU " + n);
                    }
                } catch (NumberFormatException ignored) {
                    // fall through to the error below
                }
            }
        }
        throw new IllegalArgumentException("unknown device '" + id + "': use cpu, gpu or gpu:N");
    }

    /** Whether this device names the same hardware as {@code other} (descriptions are ignored). */
    public boolean sameAs(Device other) {
        return kind == other.kind && index == other.index;
    }

    @Override
    public String toString() {
        return id() + " (" + description + ")";
    }
}
