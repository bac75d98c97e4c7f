/**
 * The backend-neutral heart of cgan: the seed's models as data, deterministic initialisation, the CGAN training loop,
 * datasets, safetensors checkpoints and the run directory a user looks at.
 */
module dev.cgan.core {
    requires transitive dev.cgan.api;
    requires java.desktop;
    requires com.fasterxml.jackson.core;
    requires ejml.ddense;
    requires ejml.core;
    requires org.knowm.xchart;

    exports dev.cgan.core.model;
    exports dev.cgan.core.init;
    exports dev.cgan.core.train;
    exports dev.cgan.core.parallel;
    exports dev.cgan.core.data;
    exports dev.cgan.core.checkpoint;
    exports dev.cgan.core.safetensors;
    exports dev.cgan.core.output;
    exports dev.cgan.core.generate;
    exports dev.cgan.core.eval;
}
