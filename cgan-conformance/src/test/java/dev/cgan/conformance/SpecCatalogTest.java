package dev.cgan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.OptimizerSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalog keeps up with the API's sealed spec types: one sample of each, nothing else. */
class SpecCatalogTest {

    private static Set<String> permitted(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses()).map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> sampled(List<?> samples) {
        return samples.stream().map(s -> s.getClass().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyLayerTypeHasOneSample() {
        assertEquals(permitted(LayerSpec.class), sampled(SpecCatalog.layers()));
        assertEquals(SpecCatalog.layers().size(), sampled(SpecCatalog.layers()).size());
    }

    @Test
    void everyLossTypeHasOneSample() {
        assertEquals(permitted(LossSpec.class), sampled(SpecCatalog.losses()));
        assertEquals(SpecCatalog.losses().size(), sampled(SpecCatalog.losses()).size());
    }

    @Test
    void everyOptimizerTypeHasOneSample() {
        assertEquals(permitted(OptimizerSpec.class), sampled(SpecCatalog.optimizers()));
        assertEquals(SpecCatalog.optimizers().size(), sampled(SpecCatalog.optimizers()).size());
    }

    @Test
    void typeNamesAreThePyTorchLayerNameOrTheRecordName() {
        assertEquals("Linear", SpecCatalog.typeName(new Linear(2, 3, false)));
        assertEquals("CrossEntropy", SpecCatalog.typeName(new LossSpec.CrossEntropy()));
        assertEquals("Sgd", SpecCatalog.typeName(new OptimizerSpec.Sgd(0.1, 0)));
    }
}
