/**
 * Backends and their lifecycle: discovery ({@link dev.cgan.api.BackendRegistry}), availability, devices, and the
 * {@link dev.cgan.api.ComputeContext} an opened backend gives.
 */
package dev.cgan.api;
