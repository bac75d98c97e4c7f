/**
 * The backend-neutral API of cgan: what a compute engine implements so that the framework can train conditional
 * GANs on it.
 *
 * <p>An engine provides a {@link dev.cgan.api.Backend} through {@link java.util.ServiceLoader}; opening it on a
 * {@link dev.cgan.api.Device} gives a {@link dev.cgan.api.ComputeContext}, which creates tensors, layers, losses and
 * optimizers and records gradients. This module has no dependencies.
 */
module dev.cgan.api {
    exports dev.cgan.api;
    exports dev.cgan.api.tensor;
    exports dev.cgan.api.layer;
    exports dev.cgan.api.loss;
    exports dev.cgan.api.optim;
    exports dev.cgan.api.autograd;
    exports dev.cgan.api.spi;

    uses dev.cgan.api.Backend;
}
