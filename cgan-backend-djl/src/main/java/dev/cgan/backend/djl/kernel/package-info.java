/**
 * The djl engine's kernels: its computations on DJL arrays (convolutions chosen per shape by a self-check, transposed
 * convolutions built from them, binary cross-entropy, the libtorch functions DJL does not expose), with no cgan tensor
 * or lifecycle in them.
 *
 * <p>Not part of cgan's API: the module does not export this package. Its classes are public for one reader on the
 * class path, cgan-bench's hand-written overhead loop, which must call the very kernels a context calls; it learns
 * which convolution a context chose through the public {@link dev.cgan.api.ComputeContext#diagnostics()} (key
 * {@code convolution}, see {@link dev.cgan.backend.djl.kernel.Convolution#named}), not from the kernels' internals.
 */
package dev.cgan.backend.djl.kernel;
