package dev.cgan.cli;

import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingSetting;
import java.math.BigDecimal;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code train} defaults that the core decides rather than the command line: the learning rate is DCGAN's
 * ({@link TrainingConfig#DCGAN_ADAM}). Options not named here take the default in their annotation.
 */
final class TrainDefaults implements IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option
                && option.longestName().equals(OptionNames.of(TrainingSetting.LEARNING_RATE))) {
            // 0.0002 rather than 2.0E-4: the help shows it.
            return BigDecimal.valueOf(TrainingConfig.DCGAN_ADAM.lr()).stripTrailingZeros().toPlainString();
        }
        return null;
    }
}
