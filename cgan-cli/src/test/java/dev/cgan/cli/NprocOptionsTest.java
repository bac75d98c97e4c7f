package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceCollectives;
import dev.cgan.core.parallel.Rendezvous;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --nproc}: what is refused before any rank starts (one line, exit 2, no run directory), and how a rank's
 * command line is derived from the launcher's.
 */
class NprocOptionsTest {

    @TempDir
    Path dir;

    @Test
    void djlIsRefusedInOneLineNamingTheEnginesThatCan() {
        Path out = dir.resolve("run");
        CliRun r = CliRun.installed("--backend", "djl", "train", "--nproc", "2", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith(CliErrors.PREFIX + "--nproc cannot run the djl engine"), r.err());
        assertTrue(r.err().contains("use --backend nd4j, onednn"), r.err());
        assertTrue(Files.notExists(out), "no run directory");
    }

    /**
     * Without a GPU (here) jcuda is unavailable before --nproc is looked at; with one GPU, --nproc 2 is refused (a GPU
     * per rank), or before that for want of NCCL. Either way: one line, no run directory.
     */
    @Test
    void jcudaIsRefusedInOneLineWhateverTheMachine() {
        Backend jcuda = BackendRegistry.load().all().stream().filter(b -> b.name().equals("jcuda")).findFirst()
                .orElseThrow();
        boolean usable = jcuda.availability().available();
        assumeTrue(!usable || jcuda.devices().size() < 2, "with two GPUs --nproc 2 would train");
        Path out = dir.resolve("run");
        CliRun r = CliRun.installed("--backend", "jcuda", "train", "--nproc", "2", "--out", out.toString());
        assertEquals(1, r.errLines().size(), r.err());
        if (usable) {
            assertTrue(r.exitCode() == ExitCodes.USAGE && r.err().contains("needs a GPU per rank")
                    || r.exitCode() == ExitCodes.BACKEND_UNAVAILABLE && r.err().contains("needs NCCL 2"), r.err());
        } else {
            assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode(), r.err());
            assertTrue(r.err().contains("backend 'jcuda' is not available"), r.err());
        }
        assertTrue(Files.notExists(out), "no run directory");
    }

    /** An engine whose device collectives cannot load their library: one line naming it, exit 3, nothing written. */
    @Test
    void anEngineWhoseCollectiveLibraryIsMissingIsRefusedInOneLine() {
        String missing = "data-parallel training on gpuengine needs libcoll.so.2, which cannot be loaded here";
        Path out = dir.resolve("run");
        CliRun r = CliRun.of(List.of(new WithCollectives(StandInBackend.available("gpuengine", 10,
                Device.gpu(0, "GPU 0"), Device.gpu(1, "GPU 1")), missing)),
                "--backend", "gpuengine", "train", "--nproc", "2", "--out", out.toString());
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode(), r.err());
        assertEquals(List.of(CliErrors.PREFIX + missing), r.errLines());
        assertTrue(Files.notExists(out), "no run directory");
    }

    /** NCCL refuses two ranks on one GPU; the launcher refuses them first, in one line. */
    @Test
    void moreRanksThanGpusAreRefusedInOneLine() {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of(List.of(new WithCollectives(StandInBackend.available("gpuengine", 10,
                Device.gpu(0, "GPU 0")), null)),
                "--backend", "gpuengine", "train", "--nproc", "2", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(List.of(CliErrors.PREFIX + "--nproc 2 with gpuengine needs a GPU per rank; this machine has 1 "
                + "(use --nproc 1 or fewer)"), r.errLines());
        assertTrue(Files.notExists(out), "no run directory");
    }

    /** A rank on a device transport trains on gpu:LOCAL_RANK, unless --device names one or it sees a single GPU. */
    @Test
    void aRankTakesTheGpuOfItsLocalRank() {
        Backend two = StandInBackend.available("gpuengine", 10, Device.gpu(0, "GPU 0"), Device.gpu(1, "GPU 1"));
        Backend one = StandInBackend.available("gpuengine", 10, Device.gpu(0, "GPU 0"));
        Rendezvous local1 = new Rendezvous("127.0.0.1", 29500, 3, 4, 1, Duration.ofSeconds(9));
        Rendezvous local2 = new Rendezvous("127.0.0.1", 29500, 2, 4, 2, Duration.ofSeconds(9));
        Device first = Device.gpu(0, "GPU 0");
        assertEquals("gpu:1", DataParallel.rankDevice(two, first, null, local1).id());
        assertEquals("gpu:1", DataParallel.rankDevice(two, first, "gpu", local1).id());
        assertEquals("gpu:0", DataParallel.rankDevice(two, first, "gpu:0", local1).id(), "--device gpu:0 wins");
        assertEquals("gpu:0", DataParallel.rankDevice(one, first, null, local2).id(), "each rank sees one GPU");
        UsageException e = assertThrows(UsageException.class, () -> DataParallel.rankDevice(two, first, null, local2));
        assertEquals("rank 2 (LOCAL_RANK 2) has no GPU of its own: this machine has 2; start at most 2 ranks on it",
                e.getMessage());
        assertEquals("cpu", DataParallel.rankDevice(two, Device.cpu(), null, local1).id(), "a CPU run is left alone");
    }

    @Test
    void aBatchThatDoesNotSplitOverTheRanksIsRefused() {
        Path out = dir.resolve("run");
        CliRun r = CliRun.installed("--backend", "onednn", "train", "--nproc", "3", "--batch-size", "64", "--out",
                out.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(List.of(CliErrors.PREFIX + "--batch-size 64 is the global batch and does not split evenly over "
                + "3 ranks; use a multiple of 3"), r.errLines());
        assertTrue(Files.notExists(out), "no run directory");
    }

    @Test
    void noRanksIsRefused() {
        CliRun r = CliRun.installed("--backend", "onednn", "train", "--nproc", "0");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(List.of(CliErrors.PREFIX + "--nproc must be at least 1, got 0"), r.errLines());
    }

    @Test
    void aRankRunsTheLaunchersCommandWithoutNproc() {
        assertEquals(List.of("java", "-m", "x", "--backend", "onednn", "train", "--steps", "5"),
                LocalRanks.withoutNproc(List.of("java", "-m", "x", "--backend", "onednn", "train", "--nproc", "2",
                        "--steps", "5")));
        assertEquals(List.of("java", "train"), LocalRanks.withoutNproc(List.of("java", "--nproc=4", "train")));
    }

    /** A stand-in engine that offers device collectives, missing their library when {@code missing} is set. */
    private record WithCollectives(Backend engine, String missing) implements Backend {

        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public int priority() {
            return engine.priority();
        }

        @Override
        public String description() {
            return engine.description();
        }

        @Override
        public Availability availability() {
            return engine.availability();
        }

        @Override
        public List<Device> devices() {
            return engine.devices();
        }

        @Override
        public ComputeContext open(Device device, BackendOptions options) {
            return engine.open(device, options);
        }

        @Override
        public Optional<DeviceCollectives> deviceCollectives() {
            return Optional.of(new DeviceCollectives() {
                @Override
                public String name() {
                    return "COLL";
                }

                @Override
                public String unavailable() {
                    return missing;
                }

                @Override
                public byte[] newGroupId() {
                    throw new UnsupportedOperationException("refused before any rank starts");
                }

                @Override
                public Group join(ComputeContext context, byte[] id, int rank, int world, Duration timeout) {
                    throw new UnsupportedOperationException("refused before any rank starts");
                }
            });
        }
    }
}
