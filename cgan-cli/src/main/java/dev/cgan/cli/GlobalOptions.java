package dev.cgan.cli;

/**
 * The options that apply to every command.
 *
 * @param backend backend name, or null for the available backend of highest priority
 * @param device  device id ({@code cpu}, {@code gpu}, {@code gpu:N}), or null for the backend's first device
 * @param threads CPU threads for the engine; 0 for all cores
 * @param verbose show engine logs and stack traces
 */
record GlobalOptions(String backend, String device, int threads, boolean verbose) {
}
