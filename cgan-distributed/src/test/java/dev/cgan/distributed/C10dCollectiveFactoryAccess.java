package dev.cgan.distributed;

import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.CollectiveFactory;
import dev.cgan.core.parallel.Rendezvous;
import java.util.ServiceLoader;

/** Joins a run through the factory ServiceLoader finds, as the command line does. */
final class C10dCollectiveFactoryAccess {

    private C10dCollectiveFactoryAccess() {
    }

    static CollectiveFactory factory() {
        return ServiceLoader.load(CollectiveFactory.class).findFirst()
                .orElseThrow(() -> new AssertionError("no CollectiveFactory registered"));
    }

    static Collective join(Rendezvous rendezvous) {
        return factory().join(rendezvous);
    }
}
