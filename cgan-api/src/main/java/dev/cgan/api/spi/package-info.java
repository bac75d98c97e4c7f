/**
 * The engine kit: what every compute engine shares, written once, so that an engine keeps only its tensor type and
 * its kernels. For engine authors only; model and training code uses the rest of the API.
 *
 * <ul>
 *   <li>{@link dev.cgan.api.spi.EngineContext}: the {@link dev.cgan.api.ComputeContext} of an engine: open and closed
 *       state, argument checks, the one-tape rule, scope bookkeeping, and the exhaustive dispatch of every layer, loss
 *       and optimizer spec to one abstract method each (a new spec is a compile error in every engine until handled
 *       or declared unsupported).</li>
 *   <li>{@link dev.cgan.api.spi.EngineTensor} and {@link dev.cgan.api.spi.EngineScope}: a tensor's lifecycle (owner,
 *       closed state, gradient flags) and the scopes that free tensors together.</li>
 *   <li>{@link dev.cgan.api.spi.EngineLayer}, {@link dev.cgan.api.spi.DropoutLayer},
 *       {@link dev.cgan.api.spi.LossKernel}, {@link dev.cgan.api.spi.EngineTensorOps}: the per-operation files of an
 *       engine extend or implement these; parameters, buffers and input checks come with them.</li>
 *   <li>{@link dev.cgan.api.spi.EngineOptimizer} with an engine's {@link dev.cgan.api.spi.UpdateRule}: step counting
 *       and state under PyTorch's names; {@link dev.cgan.api.spi.AdamStep} holds Adam's per-step scalars.</li>
 *   <li>{@link dev.cgan.api.spi.BackwardTape}: reverse-mode differentiation as a tape of backward closures, for
 *       engines without autograd of their own.</li>
 *   <li>{@link dev.cgan.api.spi.ConvolutionShape}: the sizes of a convolution or transposed convolution.</li>
 * </ul>
 *
 * <p>docs/BACKENDS.md walks through writing an engine on it.
 */
package dev.cgan.api.spi;
