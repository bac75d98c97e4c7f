package dev.cgan.bench;

import dev.cgan.api.ComputeContext;
import dev.cgan.core.train.StepLosses;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full CGAN iteration ({@link dev.cgan.core.train.CganStep}: D on a real and a fake batch, D's Adam step, G through
 * D, G's Adam step) at batch 64, in images per second. Each backend runs in its own forked JVM (JMH forks per
 * parameter combination), so engines never share a process; the first warm-up iterations absorb native initialisation.
 *
 * <p>The {@code backend} parameter defaults to {@value BenchBackends#AVAILABLE}, which {@link BenchMain} expands to every
 * available backend.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(TrainStepBenchmark.BATCH)
// JavaCPP's physical-memory cap off, as bin/cgan-cli has it: nd4j's dcgan64 passes the default cap of four heaps.
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:MaxDirectMemorySize=16m",
        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class TrainStepBenchmark {

    /** The batch size: one invocation trains on this many real (and as many generated) images. */
    public static final int BATCH = 64;

    @Param(BenchBackends.AVAILABLE)
    public String backend;

    @Param({"dcgan64", "dcgan32"})
    public String model;

    private ComputeContext context;
    private TrainingSetup setup;

    @Setup(Level.Trial)
    public void open() {
        context = BenchBackends.open(backend);
        ReferenceCheck.requireTrainStep(context, model);
        setup = new TrainingSetup(context, model, BATCH, 42);
        System.out.println("# " + backend + " on " + context.device());
    }

    @Benchmark
    public double trainStep() {
        StepLosses losses = setup.iterate();
        context.synchronize();
        return losses.lossD() + losses.lossG();
    }

    @TearDown(Level.Trial)
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}
