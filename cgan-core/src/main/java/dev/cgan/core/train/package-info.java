/** The CGAN training loop: one iteration, the trainer, its configuration and listeners. */
package dev.cgan.core.train;
