package dev.cgan.core.init;

/**
 * The one seeded random number generator everything random in a run comes from: initial weights, the shuffling of
 * batches, the noise fed to the generator and the fixed sample noise.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit counter advanced by a fixed odd constant and
 * passed through a bijective mixing function. Its whole state is one {@code long}, so a checkpoint stores it exactly
 * with {@link #state()} and {@link #restore(long)}. Every derived value uses only integer arithmetic and
 * {@link StrictMath}, so the same seed gives bit-identical numbers on every JVM, platform and backend.
 *
 * <p>Independent streams come from {@link #fork()}: a trainer forks one stream per purpose in a fixed order, so
 * drawing more noise never shifts the shuffling, and a resumed run can restore each stream on its own.
 *
 * <p>Not thread-safe; each stream belongs to one thread.
 */
public final class SeededRandom {

    /** The golden-ratio increment of SplitMix64 (odd, so the counter visits every 64-bit value). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private static final double TWO_PI = 2 * StrictMath.PI;

    private long state;

    /** A stream determined entirely by {@code seed}. */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** The next uniformly distributed 64-bit value. */
    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /** A uniform float in [0, 1), with 24 random bits (every float in the range a multiple of 2^-24). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** A uniform double in [0, 1), with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * A standard normal value, by the Box-Muller transform. Each call consumes exactly two values of the stream and
     * discards the transform's second output, so the state stays a single {@code long} and the position in the stream
     * is always {@code 2 * calls}.
     */
    public double nextGaussian() {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
    }

    /** A normal value with the given mean and standard deviation, rounded to float. */
    public float nextGaussian(double mean, double std) {
        return (float) (mean + std * nextGaussian());
    }

    /**
     * A uniform int in [0, bound), without modulo bias: draws of 63 bits that fall into the incomplete last block of
     * {@code bound} values are rejected and redrawn.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        while (true) {
            long bits = nextLong() >>> 1;
            long value = bits % bound;
            // bits - value is the start of bits' block; if that block extends past 2^63 - 1 it is incomplete.
            if (bits - value + (bound - 1) >= 0) {
                return (int) value;
            }
        }
    }

    /**
     * A new, independent stream seeded from this one's next value. Forking advances this stream by one step, so
     * forks made in the same order from the same state are identical.
     */
    public SeededRandom fork() {
        // The child's counter starts at a mixed (pseudo-random) 64-bit value, so its window of the 2^64 cycle is
        // far from this stream's for any run length that matters.
        return new SeededRandom(nextLong());
    }

    /** The whole state of the stream, to store in a checkpoint. */
    public long state() {
        return state;
    }

    /** Continues the stream from a state returned by {@link #state()}. */
    public void restore(long state) {
        this.state = state;
    }

    /** Fills {@code out} with uniform floats in [0, 1) ({@link #nextFloat()}, one stream value each). */
    public void fillUniform(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextFloat();
        }
    }

    /** Fills {@code out} with N(mean, std) floats. */
    public void fillGaussian(float[] out, double mean, double std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextGaussian(mean, std);
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
