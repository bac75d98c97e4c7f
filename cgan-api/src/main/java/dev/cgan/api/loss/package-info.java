/** Loss specifications with PyTorch's semantics, and the losses backends build from them. */
package dev.cgan.api.loss;
