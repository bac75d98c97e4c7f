/**
 * Data parallelism as the trainer sees it: {@link dev.cgan.core.parallel.Collective} (rank, world size, all-reduce,
 * broadcast, barrier), {@link dev.cgan.core.parallel.Rendezvous} (torchrun's environment) and the
 * {@link dev.cgan.core.parallel.CollectiveFactory} service a transport module provides. No transport lives here.
 */
package dev.cgan.core.parallel;
