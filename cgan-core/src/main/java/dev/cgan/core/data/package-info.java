/** Datasets: the IDX reader, the embedded Fashion-MNIST split, batching. */
package dev.cgan.core.data;
