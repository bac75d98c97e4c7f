package dev.cgan.core.parallel;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;

/**
 * A transport for data-parallel runs, found with {@link java.util.ServiceLoader} (cgan-distributed provides the c10d
 * one), so that cgan-core and the command line carry no native collective library of their own.
 */
public interface CollectiveFactory {

    /**
     * Refuses an engine this transport cannot serve, before anything native is loaded: returns null if
     * {@code backend} may join, else a one-line reason that names the engines that can.
     */
    String refusal(Backend backend, boolean gpu);

    /**
     * Joins the run: returns once all {@link Rendezvous#worldSize()} ranks have joined.
     *
     * @throws CollectiveException if the others do not join within the rendezvous timeout
     */
    Collective join(Rendezvous rendezvous);

    /**
     * Joins the run for a trainer on {@code context}: a transport on the engine's device memory needs it; the others
     * ignore it.
     *
     * @throws CollectiveException if the others do not join within the rendezvous timeout
     */
    default Collective join(Rendezvous rendezvous, ComputeContext context) {
        return join(rendezvous);
    }
}
