package dev.cgan.api.tensor;

/**
 * A region of code whose temporary tensors are freed together, so that a training loop's memory stays flat.
 *
 * <p>Every tensor created by the context on this thread while the scope is open — including operation results,
 * activations kept for backward and intermediate gradients — is freed when the scope closes, except those passed to
 * {@link #keep(Tensor)}. Layer parameters, buffers, their gradients and optimizer state are never owned by a scope.
 * Scopes nest; closing a scope closes the tensors it owns, not those of its parent.
 */
public interface TensorScope extends AutoCloseable {

    /** Moves {@code tensor} out of this scope (to the parent scope, or to the context if none). Returns it. */
    <T extends Tensor> T keep(T tensor);

    /** Frees every tensor this scope owns. */
    @Override
    void close();
}
