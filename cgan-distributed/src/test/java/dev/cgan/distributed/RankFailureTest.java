package dev.cgan.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.CollectiveException;
import dev.cgan.core.parallel.Rendezvous;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A rank that stops answering ends the others within the timeout, with one line that names it. */
class RankFailureTest {

    @Test
    void aRankThatHangsEndsTheOtherWithOneLineNamingIt() {
        Rendezvous base = Ranks.loopback(2, Duration.ofSeconds(3));
        CountDownLatch done = new CountDownLatch(1);
        // A bound on the whole exchange: the 3 s timeout plus the roll call, far from any wait without end.
        List<String> outcomes = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Ranks.run(2, rank -> {
            try (Collective c = C10dCollectiveFactoryAccess.join(base.forRank(rank))) {
                float[] v = {rank + 1f, 10f};
                c.allReduceMean(v);
                assertEquals(1.5f, v[0]);
                if (rank == 1) {
                    // Hangs: never joins the next all-reduce, and stays connected until rank 0 has given up.
                    done.await();
                    return "hung";
                }
                try {
                    CollectiveException e = assertThrows(CollectiveException.class, () -> c.allReduceMean(v));
                    return e.getMessage();
                } finally {
                    done.countDown();
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        String line = outcomes.get(0);
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("rank 0: all-reduce failed: rank 1 died or hangs"), line);
    }

    @Test
    void aRankThatNeverStartsEndsTheRendezvousWithinTheTimeout() {
        Rendezvous alone = Ranks.loopback(2, Duration.ofSeconds(2));
        CollectiveException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(CollectiveException.class, () -> C10dCollectiveFactoryAccess.join(alone)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("rank 0: not all 2 ranks joined within 2000 ms"), e.getMessage());
    }
}
