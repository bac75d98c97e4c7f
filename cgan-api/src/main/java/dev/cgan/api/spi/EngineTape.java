package dev.cgan.api.spi;

/**
 * What an engine's tape does once the kit has checked the call: back-propagate from a scalar root and release what it
 * kept. Engines without autograd use {@link BackwardTape}; an engine with its own autograd (DJL's gradient collector)
 * implements this over it.
 *
 * @param <T> the engine's tensor type
 */
public interface EngineTape<T extends EngineTensor> {

    /** Back-propagates from {@code root}, a scalar tensor of this engine (checked by the kit). */
    void backward(T root);

    /** Stops recording and releases what was kept for backward; called once. */
    void close();
}
