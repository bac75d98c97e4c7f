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
 * The framework's own cost: the same training iteration on the same engine, once through cgan's API
 * ({@link dev.cgan.core.train.CganStep} on the {@code engine} backend) and once as a hand-written loop on that engine
 * ({@link HandWrittenDjlStep} on DJL) calling the same kernels. The overhead is {@code api / handwritten - 1} in time.
 * ND4J's hand-written loop calls that backend's package-private kernels, so it and its measurement live in
 * cgan-backend-nd4j's tests ({@code Nd4jOverhead}).
 *
 * <p>Both variants first run {@value LoopAgreement#ITERATIONS} iterations each from the same weights and batch and
 * refuse to time anything unless their losses agree ({@link LoopAgreement}), so the two loops are known to compute the
 * same thing. On a busy machine, where the load drifts between the two variants' forks, {@link InterleavedOverhead}
 * alternates the loops iteration by iteration instead.
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
public class OverheadBenchmark {

    /** The engines with a hand-written loop (not named {@code backend}: that one defaults to every backend). */
    @Param({"djl"})
    public String engine;

    @Param({"api", "handwritten"})
    public String loop;

    @Param({"dcgan32"})
    public String model;

    private ComputeContext context;
    private TrainingSetup setup;
    private HandWrittenStep handWritten;

    @Setup(Level.Trial)
    public void open() {
        context = BenchBackends.open(engine);
        ReferenceCheck.requireTrainStep(context, model);
        setup = new TrainingSetup(context, model, TrainStepBenchmark.BATCH, 42);
        handWritten = HandWrittenStep.on(context, setup, 42);
        System.out.println("# " + LoopAgreement.require(setup, handWritten) + "; " + context.device());
    }

    @Benchmark
    public double trainStep() {
        if (loop.equals("api")) {
            StepLosses losses = setup.iterate();
            return losses.lossD() + losses.lossG();
        }
        return handWritten.iterate();
    }

    @TearDown(Level.Trial)
    public void close() {
        if (handWritten != null) {
            handWritten.close();
        }
        if (context != null) {
            context.close();
        }
    }
}
