package dev.cgan.api.layer;

/**
 * The mask stream of a {@link Dropout} layer: SplitMix64 (Steele, Lea and Flood, 2014) seeded with the layer's seed,
 * each 64-bit output {@code z} turned into {@code u = (z >>> 40) * 2^-24}, a float in [0, 1) with 24 random bits.
 *
 * <p>State {@code s} starts at the seed; one draw does {@code s += 0x9E3779B97F4A7C15} and mixes {@code s}
 * ({@code z = (s ^ (s >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >>> 27)) * 0x94D049BB133111EB; z ^= z >>> 31}), so
 * the {@code i}-th draw (from 1) depends only on {@code seed + i * 0x9E3779B97F4A7C15}. Backends call it on the host
 * and upload the result; not thread-safe (one stream per layer, used by the context's thread).
 *
 * <p>The whole position of the stream is the one {@code long} {@link #state()}: a stream given it with
 * {@link #setState(long)} continues with exactly the draws the original would have made next (how a resumed training
 * run reproduces the masks of an uninterrupted one).
 */
public final class DropoutMask {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-24;

    private long state;

    /** A stream at its start. */
    public DropoutMask(long seed) {
        this.state = seed;
    }

    /** The stream's position: the seed plus the number of draws so far times the increment (wrapping). */
    public long state() {
        return state;
    }

    /** Moves the stream to a position read earlier with {@link #state()}; the next draw is the one that followed it. */
    public void setState(long state) {
        this.state = state;
    }

    /** The next draw in [0, 1). */
    public double nextUniform() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * UNIT;
    }

    /**
     * The multipliers of the next training-mode forward of {@code count} elements: {@code 1 / (1 - p)} where an
     * element is kept ({@code u >= p}), 0 where it is dropped (all 0 when {@code p == 1}). Consumes {@code count}
     * draws.
     */
    public float[] nextScales(int count, double p) {
        float[] scales = new float[count];
        float keep = p >= 1 ? 0f : (float) (1.0 / (1.0 - p));
        for (int i = 0; i < count; i++) {
            scales[i] = nextUniform() >= p ? keep : 0f;
        }
        return scales;
    }
}
