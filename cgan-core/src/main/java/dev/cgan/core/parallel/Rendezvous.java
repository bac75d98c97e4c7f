package dev.cgan.core.parallel;

import java.time.Duration;
import java.util.Map;

/**
 * Where and as whom a rank joins a data-parallel run, in torchrun's terms: the rendezvous host and port (rank 0
 * serves them), this process's global and local rank, the number of ranks, and how long any collective may wait for
 * the others before the run is given up.
 *
 * @param masterAddress host name or address of rank 0 ({@code MASTER_ADDR})
 * @param masterPort    TCP port rank 0 listens on ({@code MASTER_PORT})
 * @param rank          this process, {@code 0 .. worldSize - 1} ({@code RANK})
 * @param worldSize     the number of ranks ({@code WORLD_SIZE})
 * @param localRank     this process among those on its machine ({@code LOCAL_RANK})
 * @param timeout       the longest a rendezvous or collective waits for the other ranks
 */
public record Rendezvous(String masterAddress, int masterPort, int rank, int worldSize, int localRank,
                         Duration timeout) {

    /** The environment variables torchrun, Slurm wrappers and Kubeflow's PyTorchJob set for each rank. */
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    public static final String RANK = "RANK";
    public static final String WORLD_SIZE = "WORLD_SIZE";
    public static final String LOCAL_RANK = "LOCAL_RANK";

    public Rendezvous {
        if (masterAddress == null || masterAddress.isBlank()) {
            throw new IllegalArgumentException(MASTER_ADDR + " is empty; set it to the host of rank 0");
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new IllegalArgumentException(MASTER_PORT + " must be a TCP port (1..65535), got " + masterPort);
        }
        if (worldSize < 1) {
            throw new IllegalArgumentException(WORLD_SIZE + " must be at least 1, got " + worldSize);
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException(RANK + " must be in 0.." + (worldSize - 1) + ", got " + rank);
        }
        if (localRank < 0) {
            throw new IllegalArgumentException(LOCAL_RANK + " must be 0 or more, got " + localRank);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the collective timeout must be positive, got " + timeout);
        }
    }

    /** Whether {@code environment} names a data-parallel launch ({@code WORLD_SIZE} is set). */
    public static boolean isLaunched(Map<String, String> environment) {
        String world = environment.get(WORLD_SIZE);
        return world != null && !world.isBlank();
    }

    /**
     * The rendezvous torchrun's variables describe. {@code MASTER_ADDR} defaults to 127.0.0.1, {@code MASTER_PORT} to
     * 29500 and {@code LOCAL_RANK} to {@code RANK}, as a single-machine launch would set them.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong
     */
    public static Rendezvous fromEnvironment(Map<String, String> environment, Duration timeout) {
        int world = number(environment, WORLD_SIZE, null);
        int rank = number(environment, RANK, null);
        String address = environment.getOrDefault(MASTER_ADDR, "127.0.0.1");
        int port = number(environment, MASTER_PORT, 29500);
        int local = number(environment, LOCAL_RANK, rank);
        return new Rendezvous(address, port, rank, world, local, timeout);
    }

    /** The same run as seen by rank {@code other} on the same machine (for a local launcher). */
    public Rendezvous forRank(int other) {
        return new Rendezvous(masterAddress, masterPort, other, worldSize, other, timeout);
    }

    /** The environment that describes this rank to a child process. */
    public Map<String, String> environment() {
        return Map.of(MASTER_ADDR, masterAddress, MASTER_PORT, Integer.toString(masterPort), RANK,
                Integer.toString(rank), WORLD_SIZE, Integer.toString(worldSize), LOCAL_RANK,
                Integer.toString(localRank));
    }

    private static int number(Map<String, String> environment, String name, Integer fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new IllegalArgumentException(name + " is not set; a data-parallel launch sets " + RANK + " and "
                        + WORLD_SIZE + " for every rank");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }
}
