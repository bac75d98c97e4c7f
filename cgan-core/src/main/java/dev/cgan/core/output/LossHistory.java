package dev.cgan.core.output;

import java.util.Arrays;

/**
 * The per-iteration figures a loss plot draws, in compact growable arrays (a long run has hundreds of thousands of
 * iterations; boxed lists would cost ten times the memory).
 */
final class LossHistory {

    private long[] iterations = new long[1024];
    private float[] lossD = new float[1024];
    private float[] lossG = new float[1024];
    private float[] dReal = new float[1024];
    private float[] dFake = new float[1024];
    private int size;

    void add(long iteration, double d, double g, double real, double fake) {
        if (size == iterations.length) {
            int capacity = size * 2;
            iterations = Arrays.copyOf(iterations, capacity);
            lossD = Arrays.copyOf(lossD, capacity);
            lossG = Arrays.copyOf(lossG, capacity);
            dReal = Arrays.copyOf(dReal, capacity);
            dFake = Arrays.copyOf(dFake, capacity);
        }
        iterations[size] = iteration;
        lossD[size] = (float) d;
        lossG[size] = (float) g;
        dReal[size] = (float) real;
        dFake[size] = (float) fake;
        size++;
    }

    int size() {
        return size;
    }

    long firstIteration() {
        return iterations[0];
    }

    long lastIteration() {
        return iterations[size - 1];
    }

    double[] iterations() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = iterations[i];
        }
        return out;
    }

    double[] lossD() {
        return widen(lossD);
    }

    double[] lossG() {
        return widen(lossG);
    }

    double[] dReal() {
        return widen(dReal);
    }

    double[] dFake() {
        return widen(dFake);
    }

    private double[] widen(float[] values) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
