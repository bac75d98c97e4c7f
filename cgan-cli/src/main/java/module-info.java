/**
 * The cgan command line: {@code cgan-cli train}, {@code generate}, {@code export}, {@code backends} and
 * {@code conformance}.
 *
 * <p>picocli parses, Guice wires the chosen backend, the trainer and the listeners; everything substantial lives in
 * cgan-core. Backends are not required here: they are found with {@link java.util.ServiceLoader} on the module path.
 */
module dev.cgan.cli {
    requires dev.cgan.core;
    // `cgan-cli export --format onnx`.
    requires dev.cgan.onnx;
    // The PyTorch conformance suite and its runner, for `cgan-cli conformance` (no test library comes with it).
    requires dev.cgan.conformance;
    requires info.picocli;
    requires com.google.guice;
    requires jakarta.inject;
    requires java.logging;
    // The engines' jars (DJL) are automatic modules, which cannot declare that they need SLF4J; without this a plain
    // `java -p ... -m dev.cgan.cli/...` would not resolve it. Resolving it also binds slf4j-simple, its provider.
    requires org.slf4j;

    // `train --nproc` and launched ranks: the c10d transport (cgan-distributed, on the class path) is found as a
    // service.
    uses dev.cgan.core.parallel.CollectiveFactory;

    // picocli writes parsed values into annotated fields; Guice calls @Inject constructors and @Provides methods.
    opens dev.cgan.cli to info.picocli, com.google.guice;
}
