package dev.cgan.core.train;

import dev.cgan.core.init.SeededRandom;

/**
 * The independent random streams of a run, forked from one {@link SeededRandom} of the seed in this fixed order — the
 * order is what makes a seed reproduce a run, so it must never change.
 *
 * @param init    (1) the DCGAN initialisation of the generator, then the discriminator; re-derived on resume
 * @param sampler (2) the batch sampler's shuffles; checkpointed
 * @param noise   (3) the generator's noise, {@code batchSize × zDim} values per iteration; checkpointed
 * @param samples (4) the fixed sample noise; re-derived on resume
 * @param augment (5) DiffAugment's parameters ({@link DiffAugment}); checkpointed. Forked last, so runs without it
 *                draw everything else as before it existed
 */
record RandomStreams(SeededRandom init, SeededRandom sampler, SeededRandom noise, SeededRandom samples,
                     SeededRandom augment) {

    static RandomStreams fork(long seed) {
        SeededRandom root = new SeededRandom(seed);
        SeededRandom init = root.fork();
        SeededRandom sampler = root.fork();
        SeededRandom noise = root.fork();
        SeededRandom samples = root.fork();
        SeededRandom augment = root.fork();
        return new RandomStreams(init, sampler, noise, samples, augment);
    }
}
