package dev.cgan.distributed;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Backend;
import dev.cgan.core.parallel.CollectiveFactory;
import org.junit.jupiter.api.Test;

/** Which engines may run data-parallel, decided before anything native is loaded. */
class RefusalTest {

    private final CollectiveFactory factory = C10dCollectiveFactoryAccess.factory();

    @Test
    void theCpuEnginesMayJoin() {
        assertNull(factory.refusal(new dev.cgan.backend.onednn.OnednnBackend(), false));
        assertNull(factory.refusal(new dev.cgan.backend.nd4j.Nd4jBackend(), false));
    }

    @Test
    void djlIsRefusedInOneLineNamingTheEnginesThatCan() {
        String why = factory.refusal(named("djl"), false);
        assertTrue(why != null && !why.contains("\n"), String.valueOf(why));
        assertTrue(why.contains("djl") && why.contains("nd4j, onednn"), why);
    }

    @Test
    void jcudaWithoutAGpuIsRefusedInOneLine() {
        String why = factory.refusal(named("jcuda"), false);
        assertTrue(why != null && !why.contains("\n"), String.valueOf(why));
        assertTrue(why.contains("NCCL") && why.contains("no GPU") && why.contains("nd4j, onednn"), why);
    }

    /** A backend that is only a name: refusals must not need more (nothing of the engine is loaded). */
    private static Backend named(String name) {
        return (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "toString" -> "backend " + name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
