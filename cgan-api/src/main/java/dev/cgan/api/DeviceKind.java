package dev.cgan.api;

/** The kinds of device a backend can compute on. */
public enum DeviceKind {
    /** The host processor. */
    CPU,
    /** A CUDA GPU. */
    GPU
}
