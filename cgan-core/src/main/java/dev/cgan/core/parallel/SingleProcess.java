package dev.cgan.core.parallel;

/** {@link Collective#single()}: one rank, whose collectives have nothing to exchange. */
final class SingleProcess implements Collective {

    static final SingleProcess INSTANCE = new SingleProcess();

    private SingleProcess() {
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int worldSize() {
        return 1;
    }

    @Override
    public void allReduceMean(float[] values) {
    }

    @Override
    public void broadcast(float[] values, int root) {
        if (root != 0) {
            throw new IllegalArgumentException("rank " + root + " does not exist in a run of one process");
        }
    }

    @Override
    public void barrier() {
    }

    @Override
    public void close() {
    }
}
