package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.fakes.ToyContext;
import dev.cgan.core.parallel.Collective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transport that all-reduces tensors where they live (NCCL on the jcuda engine's device memory) is handed the
 * gradients themselves, once per network and iteration, before the optimizer step, and in a run of one rank too: that
 * is what makes a world of one through NCCL a check of the NCCL path against the run without it.
 */
class DeviceGradientsTest {

    @TempDir
    Path dir;

    @Test
    void everyGradientGoesThroughTheTransportEvenInARunOfOneRank() {
        Recording transport = new Recording();
        TrainingConfig config = new TrainingConfig("dcgan32", null, 3, 0, 8, 2e-4, 0.5, 0.999, 7, 0, 0, 2,
                dir.resolve("run"));
        Trainer trainer = new Trainer(new ToyContext(), config, TrainerTest.DATA, List.of(), transport);
        assertEquals("completed", trainer.run().stopReason());

        assertEquals(6, transport.calls.size(), "one all-reduce for D and one for G in each of 3 iterations");
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (List<Tensor> call : transport.calls) {
            assertTrue(call.size() > 1, "a network's gradients in one call: " + call.size());
            call.forEach(t -> seen.put(t, true));
        }
        int d = transport.calls.get(0).size();
        int g = transport.calls.get(1).size();
        assertEquals(d + g, seen.size(), "the same gradient tensors every iteration, D's and G's distinct");
        assertEquals(List.of(d, g, d, g, d, g), transport.calls.stream().map(List::size).toList());
        assertEquals(0, transport.hostGradientValues, "no gradient went through a host array");
    }

    /** One rank whose transport reduces tensors and records what it is given (the mean of one rank is itself). */
    private static final class Recording implements Collective {

        final List<List<Tensor>> calls = new ArrayList<>();
        long hostGradientValues;

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int worldSize() {
            return 1;
        }

        @Override
        public boolean reducesTensors() {
            return true;
        }

        @Override
        public void allReduceMean(List<Tensor> tensors) {
            calls.add(List.copyOf(tensors));
        }

        @Override
        public void allReduceMean(float[] values) {
            // The step's four losses and the loop's stop flag are host values; anything longer would be gradients.
            if (values.length > 4) {
                hostGradientValues += values.length;
            }
        }

        @Override
        public void broadcast(float[] values, int root) {
        }

        @Override
        public void barrier() {
        }

        @Override
        public void close() {
        }
    }
}
