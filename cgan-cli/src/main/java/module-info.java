/**
 * The cgan command line: {@code cgan-cli train} and {@code cgan-cli backends}.
 *
 * <p>picocli parses, Guice wires the chosen backend, the trainer and the listeners; everything substantial lives in
 * cgan-core. Backends are not required here: they are found with {@link java.util.ServiceLoader} on the module path.
 */
module dev.cgan.cli {
    requires dev.cgan.core;
    requires info.picocli;
    requires com.google.guice;
    requires jakarta.inject;
    requires java.logging;

    // picocli writes parsed values into annotated fields; Guice calls @Inject constructors and @Provides methods.
    opens dev.cgan.cli to info.picocli, com.google.guice;
    opens dev.cgan.cli.progress to com.google.guice;
}
