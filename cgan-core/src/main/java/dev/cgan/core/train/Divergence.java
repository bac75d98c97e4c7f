package dev.cgan.core.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The stop reasons of a run that diverged: what stopped being finite and where, which checkpoint is still good, and a
 * lower learning rate to try — half this run's, named as a setting so that a front end can show its option for it.
 */
final class Divergence {

    private Divergence() {
    }

    /** A loss of iteration {@code iteration} that is NaN or infinite. */
    static SettingsMessage ofLosses(long iteration, StepLosses losses, Path lastGood, double lr) {
        return advice(String.format(Locale.ROOT, "diverged: the losses stopped being finite numbers at iteration %d "
                + "(loss D %s, loss G %s); %s; ", iteration, losses.lossD(), losses.lossG(), kept(lastGood)), lr);
    }

    /** A tensor of the training state (weight, running statistic, optimizer state) that is no longer finite. */
    static SettingsMessage ofState(String tensor, long iteration, Path lastGood, double lr) {
        return advice(String.format(Locale.ROOT, "diverged: %s is no longer finite at iteration %d; %s; ", tensor,
                iteration, kept(lastGood)), lr);
    }

    private static String kept(Path lastGood) {
        return lastGood == null ? "no checkpoint had been written yet" : "the last good checkpoint is " + lastGood;
    }

    private static SettingsMessage advice(String what, double lr) {
        return SettingsMessage.of(what + "try a lower learning rate than " + plain(lr) + ", e.g. ",
                TrainingSetting.LEARNING_RATE, " " + plain(lr / 2));
    }

    private static String plain(double value) {
        // 0.0002 and 1E-7, 1E+16: plain where that is short, and always a number a learning rate setting accepts.
        return BigDecimal.valueOf(value).round(new MathContext(6)).stripTrailingZeros().toString();
    }
}
