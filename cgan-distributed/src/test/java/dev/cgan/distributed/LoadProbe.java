package dev.cgan.distributed;

import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.Rendezvous;
import java.time.Duration;

/**
 * Run in a fresh JVM by {@link SystemLibtorchTest}: loads libtorch the way cgan does and all-reduces in a world of one.
 * Prints {@code ok} and the mean.
 */
public final class LoadProbe {

    private LoadProbe() {
    }

    public static void main(String[] args) {
        Rendezvous r = new Rendezvous("127.0.0.1", Integer.parseInt(args[0]), 0, 1, 0, Duration.ofSeconds(20));
        try (Collective c = GlooCollective.join(r)) {
            float[] v = {3f};
            c.allReduceMean(v);
            System.out.println("ok " + v[0]);
        }
    }
}
