/** Checkpoints: model, optimizer and RNG state in safetensors under PyTorch's names. */
package dev.cgan.core.checkpoint;
