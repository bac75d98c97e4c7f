package dev.cgan.conformance;

/**
 * One conformance case, as listed by the suite.
 *
 * @param name        the case name (its fixture file is {@code <name>.safetensors})
 * @param kind        {@code layer}, {@code loss}, {@code optimizer}, {@code model}, {@code trajectory} or
 *                    {@code augment}
 * @param description one sentence: what is checked
 */
public record ConformanceCase(String name, String kind, String description) {

    /** {@code name — description}, the display name used in test reports. */
    public String displayName() {
        return name + " \u2014 " + description;
    }
}
