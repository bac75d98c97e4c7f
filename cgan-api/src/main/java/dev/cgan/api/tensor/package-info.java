/** Float32 tensors on a device, the neutral operations on them, and memory scopes. */
package dev.cgan.api.tensor;
