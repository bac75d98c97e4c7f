package dev.cgan.core.train;

/**
 * What one CGAN iteration measured.
 *
 * @param lossD the discriminator's loss: BCE(D(x|y), 1) + BCE(D(G(z|y)|y), 0)
 * @param lossG the generator's loss: BCE(D(G(z|y)|y), 1), with D already updated
 * @param dReal mean D(x|y) on the real batch
 * @param dFake mean D(G(z|y)|y) on the fake batch, in the discriminator's step
 */
public record StepLosses(double lossD, double lossG, double dReal, double dFake) {

    /** Whether every figure is a finite number. */
    public boolean isFinite() {
        return Double.isFinite(lossD) && Double.isFinite(lossG) && Double.isFinite(dReal) && Double.isFinite(dFake);
    }
}
