package dev.cgan.cli;

/**
 * The options that apply to every command.
 *
 * @param backend backend name, or null for the available backend of highest priority
 * @param device  device id ({@code cpu}, {@code gpu}, {@code gpu:N}), or null for the backend's first device
 * @param threads CPU threads for the engine; 0 for all cores
 * @param allowTf32 let GPU engines use TF32 tensor cores (not bit-comparable with float32)
 * @param verbose show engine logs and stack traces
 */
record GlobalOptions(String backend, String device, int threads, boolean allowTf32, boolean verbose) {
}
