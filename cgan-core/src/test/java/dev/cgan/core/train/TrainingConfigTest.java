package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.optim.OptimizerSpec;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The settings' one set of range checks, the messages they give, and DCGAN's optimizer as the runs' default. */
class TrainingConfigTest {

    @Test
    void eachBadSettingIsNamedInWordsAndAsAFrontEndNamesIt() {
        assertRefused("batch size must be at least 1, got 0", "--batch_size must be at least 1, got 0",
                () -> TrainingConfig.requireBatchSize(0));
        assertRefused("learning rate must be a positive number, got -1.0",
                "--learning_rate must be a positive number, got -1.0", () -> TrainingConfig.requireLearningRate(-1));
        assertRefused("learning rate must be a positive number, got Infinity",
                "--learning_rate must be a positive number, got Infinity",
                () -> TrainingConfig.requireLearningRate(Double.POSITIVE_INFINITY));
        assertRefused("learning rate must be a positive number, got NaN",
                "--learning_rate must be a positive number, got NaN",
                () -> TrainingConfig.requireLearningRate(Double.NaN));
        assertRefused("checkpoint interval must be 0 or more, got -2", "--checkpoint_every must be 0 or more, got -2",
                () -> TrainingConfig.requireInterval(TrainingSetting.CHECKPOINT_EVERY, -2));
        assertRefused("samples per class must be at least 1, got 0", "--samples_per_class must be at least 1, got 0",
                () -> TrainingConfig.requireSamplesPerClass(0));
        assertRefused("give a positive number of steps or epochs", "give a positive number of --steps or --epochs",
                () -> TrainingConfig.requireLength(0, 0));
    }

    @Test
    void theConstructorAppliesTheSameRules() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> config(0, 0));
        assertEquals("learning rate must be a positive number, got 0.0", e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> config(2e-4, -1));
        assertEquals("sample interval must be 0 or more, got -1", e.getMessage());
    }

    @Test
    void runsUseDcgansAdamWithTheirOwnLearningRate() {
        OptimizerSpec.Adam dcgan = OptimizerSpec.Adam.dcgan();
        TrainingConfig config = TrainingConfig.dcgan("dcgan32", null, 10, 0, 8, 1e-3, 1, 0, 0, 1, null);
        assertEquals(new OptimizerSpec.Adam(1e-3, dcgan.beta1(), dcgan.beta2(), dcgan.eps()), config.optimizer());
        assertEquals(0.5, config.beta1());
        assertEquals(0.999, config.beta2());
        assertEquals(1e-8, config.optimizer().eps());
        assertEquals(2e-4, TrainingConfig.DCGAN_ADAM.lr());
    }

    private static TrainingConfig config(double lr, int sampleEvery) {
        return new TrainingConfig("dcgan32", null, 10, 0, 8, lr, 0.5, 0.999, 1, sampleEvery, 0, 1, null);
    }

    private static void assertRefused(String inWords, String asOptions, Runnable rule) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, rule::run);
        assertEquals(inWords, e.getMessage());
        assertEquals(asOptions, e.settingsMessage().render(s -> "--" + s.name().toLowerCase(Locale.ROOT)));
    }
}
