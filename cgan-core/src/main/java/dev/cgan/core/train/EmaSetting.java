package dev.cgan.core.train;

import java.util.Locale;

/**
 * Whether and how a run keeps an exponential moving average (EMA) of its generator's weights (see
 * {@link GeneratorAverage}): after the generator's optimizer step of iteration {@code i} (counted from 1), every
 * parameter and BatchNorm running statistic becomes {@code ema = decay * ema + (1 - decay) * current}, except before
 * iteration {@code start}, where the average simply copies the current values.
 *
 * <p>{@link #OFF} (decay 0) means no average. The ranges are checked by {@link TrainingConfig#requireEma}.
 *
 * @param decay the weight of the old average, in (0, 1); 0 for {@link #OFF}
 * @param start the first iteration that averages; earlier ones copy (0 and 1 both mean: average from the first)
 */
public record EmaSetting(double decay, long start) {

    /** No moving average: the trained weights are the run's output. */
    public static final EmaSetting OFF = new EmaSetting(0, 0);

    /** Whether the run keeps an average. */
    public boolean isOn() {
        return decay != 0;
    }

    /** The decay applied after the optimizer step of {@code iteration}: 0 (copy) before {@link #start()}. */
    public double decayAt(long iteration) {
        return iteration < start ? 0 : decay;
    }

    /** "off", or e.g. "decay 0.999 from iteration 1000", for summaries and messages. */
    public String describe() {
        if (!isOn()) {
            return "off";
        }
        String d = String.format(Locale.ROOT, "decay %s", trim(decay));
        return start > 1 ? d + " from iteration " + start : d;
    }

    private static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
