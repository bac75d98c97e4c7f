package dev.cgan.bench;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.init.SeededRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One layer of the seed's {@code dcgan64} at its training shape (batch 64), forward only or forward and backward
 * (input and parameter gradients, from a fixed upstream gradient), in milliseconds per call. The defaults are the
 * seed's second convolution (64→128, 32×32→16×16), its third transposed convolution (256→128, 8×8→16×16) and the
 * BatchNorm after it; any other layer by its {@code state_dict} index with {@code -p layer=generator.3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// JavaCPP's physical-memory cap off, as bin/cgan-cli has it: nd4j's dcgan64 passes the default cap of four heaps.
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:MaxDirectMemorySize=256m",
        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class LayerBenchmark {

    @Param(BenchBackends.AVAILABLE)
    public String backend;

    @Param({"discriminator.2", "generator.6", "generator.7"})
    public String layer;

    private ComputeContext context;
    private Layer built;
    private Tensor input;
    private Tensor upstream;

    @Setup(Level.Trial)
    public void open() {
        SeedLayer seedLayer = SeedLayer.of(layer, TrainStepBenchmark.BATCH);
        context = BenchBackends.open(backend);
        ReferenceCheck.require(context, seedLayer.spec().typeName() + " (" + layer + ")",
                ReferenceCheck.layerCases(seedLayer.spec().typeName()));
        SeededRandom random = new SeededRandom(7);
        built = context.layer(seedLayer.spec());
        for (Map.Entry<String, Tensor> p : built.parameters().entrySet()) {
            float[] v = new float[p.getValue().shape().sizeAsInt()];
            random.fillGaussian(v, p.getKey().equals("weight") && seedLayer.spec().typeName().equals("BatchNorm2d")
                    ? 1.0 : 0.0, 0.02);
            p.getValue().copyFrom(v);
        }
        input = gaussian(seedLayer.input(), random).requireGrad();
        upstream = gaussian(seedLayer.spec().outputShape(seedLayer.input()), random);
    }

    private Tensor gaussian(Shape shape, SeededRandom random) {
        float[] v = new float[shape.sizeAsInt()];
        random.fillGaussian(v, 0.0, 1.0);
        return context.tensor(v, shape);
    }

    @Benchmark
    public float forward() {
        try (TensorScope scope = context.scope()) {
            Tensor out = built.forward(input, true);
            // One element read back: the forward pass has finished.
            return context.ops().mean(out).item();
        }
    }

    @Benchmark
    public float forwardBackward() {
        input.zeroGrad();
        built.parameters().values().forEach(Tensor::zeroGrad);
        try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
            Tensor loss = context.ops().dot(built.forward(input, true), upstream);
            tape.backward(loss);
            return context.ops().mean(input.grad()).item();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}
