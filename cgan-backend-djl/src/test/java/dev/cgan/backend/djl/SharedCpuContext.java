package dev.cgan.backend.djl;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.TensorOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the test classes whose tests share one CPU context, opened once per class because opening one (loading the
 * native engine, running the convolution self-check) is slow. The instance per class holds it, so no context outlives
 * its class; {@link ScopeTest} counts native arrays and so opens its own per test instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedCpuContext {

    protected final ComputeContext context = Fixtures.cpu();
    protected final TensorOps ops = context.ops();

    @AfterAll
    void closeContext() {
        context.close();
    }
}
