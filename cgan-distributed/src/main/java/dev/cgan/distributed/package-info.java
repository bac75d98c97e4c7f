/**
 * Data-parallel training across processes and machines on PyTorch's c10d through JavaCPP's pytorch preset: a
 * {@code TCPStore} rendezvous and {@code ProcessGroupGloo} collectives behind cgan-core's
 * {@link dev.cgan.core.parallel.Collective}. See docs/DISTRIBUTED.md.
 */
package dev.cgan.distributed;
