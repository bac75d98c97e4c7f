package dev.cgan.conformance.junit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.RequiredBackends;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.conformance.SpecCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The contracts of cgan's API that every engine must keep, beyond the numbers {@link BackendConformanceTest} checks:
 * memory scopes, gradient tapes, optimizers, a closed context and unsupported specs. Written against the public API
 * only, with PyTorch's semantics wherever the API follows PyTorch. Every backend module subclasses it with one method:
 *
 * <pre>{@code
 * class DjlContractTest extends BackendContractTest {
 *     @Override
 *     protected Backend backend() {
 *         return new DjlBackend();
 *     }
 * }
 * }</pre>
 *
 * One context is opened for the class (opening one loads the engine and may run self-checks) and closed after the last
 * test; every scope and tape a test opens is closed by it. When the backend is unavailable here (a CUDA backend
 * without a GPU) every test is skipped with the backend's reason, unless {@link RequiredBackends} requires it (CI does
 * for the engines it ships): then the class fails.
 */
public abstract class BackendContractTest extends BackendUnderTest {

    // ---------------------------------------------------------------------------------------------------- scopes

    /** Closing a scope frees what was made in it: reading such a tensor, or computing with it, is refused. */
    @Test
    public final void aTensorMadeInAClosedScopeIsUnusable() {
        Tensor made;
        Tensor result;
        try (TensorScope scope = context().scope()) {
            made = context().tensor(new float[] {1, 2}, Shape.of(2));
            result = context().ops().add(made, made);
        }
        assertAll(
                () -> assertThrows(IllegalStateException.class, made::toFloatArray, "reading a freed tensor"),
                () -> assertThrows(IllegalStateException.class, result::toFloatArray, "reading a freed result"),
                () -> assertThrows(IllegalStateException.class, () -> context().ops().add(made, made),
                        "computing with a freed tensor"));
    }

    /** A kept tensor moves to the enclosing owner: it survives its scope, readable and usable. */
    @Test
    public final void aKeptTensorSurvivesItsScope() {
        Tensor kept;
        try (TensorScope scope = context().scope()) {
            Tensor made = context().tensor(new float[] {1, 2}, Shape.of(2));
            kept = scope.keep(context().ops().add(made, made));
        }
        assertValues(new float[] {2, 4}, kept);
        try (TensorScope scope = context().scope()) {
            assertValues(new float[] {4, 8}, context().ops().add(kept, kept));
        }
    }

    /** Closing an inner scope frees its own tensors only; what it keeps then belongs to the outer one. */
    @Test
    public final void scopesNest() {
        Tensor outer;
        Tensor innerOnly;
        Tensor keptByInner;
        try (TensorScope outerScope = context().scope()) {
            outer = context().tensor(new float[] {1}, Shape.of(1));
            try (TensorScope innerScope = context().scope()) {
                innerOnly = context().tensor(new float[] {2}, Shape.of(1));
                keptByInner = innerScope.keep(context().tensor(new float[] {3}, Shape.of(1)));
            }
            assertThrows(IllegalStateException.class, innerOnly::toFloatArray, "the inner scope's tensor is freed");
            assertValues(new float[] {1}, outer);
            assertValues(new float[] {3}, keptByInner);
        }
        assertThrows(IllegalStateException.class, outer::toFloatArray, "the outer scope's tensor is freed");
        assertThrows(IllegalStateException.class, keptByInner::toFloatArray,
                "a tensor kept by the inner scope belongs to the outer one, and goes with it");
    }

    /** Tensors made outside any scope, gradients and optimizer state live until the context closes. */
    @Test
    public final void unscopedTensorsGradientsAndOptimizerStateOutliveScopes() {
        Tensor parameter = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Optimizer sgd;
        try (TensorScope scope = context().scope()) {
            sgd = context().optimizer(new OptimizerSpec.Sgd(0.5, 0.9), List.of(parameter));
            placeGradient(parameter, new float[] {2, 4});
            sgd.step();
        }
        assertValues(new float[] {0, 0}, parameter);
        assertValues(new float[] {2, 4}, parameter.grad());
        assertValues(new float[] {2, 4}, sgd.state(0).get("momentum_buffer"));
    }

    // ----------------------------------------------------------------------------------------------------- tapes

    /** At most one tape per context; once it is closed another may be opened. */
    @Test
    public final void oneTapeAtATime() {
        try (GradientTape tape = context().record()) {
            assertThrows(IllegalStateException.class, () -> context().record().close());
        }
        assertDoesNotThrow(() -> context().record().close(), "a new tape once the first is closed");
    }

    /** A closed tape has released what backward needs: backward on it is refused. */
    @Test
    public final void backwardOnAClosedTapeIsRefused() {
        Tensor x = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor c = context().tensor(new float[] {3, 4}, Shape.of(2));
        GradientTape tape = context().record();
        Tensor loss;
        try {
            loss = context().ops().dot(x, c);
        } finally {
            tape.close();
        }
        assertThrows(IllegalStateException.class, () -> tape.backward(loss));
    }

    /** Backward starts from a scalar, as PyTorch's backward without an explicit gradient. */
    @Test
    public final void backwardNeedsAScalarLoss() {
        Tensor x = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        try (GradientTape tape = context().record()) {
            Tensor notScalar = context().ops().add(x, x);
            assertThrows(IllegalArgumentException.class, () -> tape.backward(notScalar));
        }
    }

    /**
     * PyTorch without {@code retain_graph}: backward consumes the part of the graph it went through, so a second
     * backward through the same part is refused, and the gradients stay as the first one left them.
     */
    @Test
    public final void aConsumedPartOfTheGraphCannotBeBackpropagatedTwice() {
        Tensor x = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor c = context().tensor(new float[] {3, 4}, Shape.of(2));
        try (GradientTape tape = context().record()) {
            Tensor loss = context().ops().dot(context().ops().add(x, x), c);
            tape.backward(loss);
            assertValues(new float[] {6, 8}, x.grad());
            assertThrows(IllegalStateException.class, () -> tape.backward(loss));
        }
        assertValues(new float[] {6, 8}, x.grad());
    }

    /**
     * Gradients are added, across backward calls on one tape and across tapes, until zeroed (zeros before any
     * backward reached the tensor).
     */
    @Test
    public final void gradientsAccumulateUntilZeroGrad() {
        Tensor x = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor c = context().tensor(new float[] {3, 4}, Shape.of(2));
        Tensor d = context().tensor(new float[] {10, 20}, Shape.of(2));
        assertValues(new float[] {0, 0}, x.grad());
        try (GradientTape tape = context().record()) {
            tape.backward(context().ops().dot(x, c));
            tape.backward(context().ops().dot(x, d));
        }
        assertValues(new float[] {13, 24}, x.grad());
        placeGradient(x, new float[] {3, 4});
        assertValues(new float[] {16, 28}, x.grad());
        x.zeroGrad();
        assertValues(new float[] {0, 0}, x.grad());
        placeGradient(x, new float[] {3, 4});
        assertValues(new float[] {3, 4}, x.grad());
    }

    /**
     * A frozen parameter ({@code requireGrad(false)}, PyTorch's {@code requires_grad_(False)}) is a constant to the
     * operations recorded while it is frozen: the input's gradient flows through the layer, the parameter's gradient
     * stays what it was, and it collects again once unfrozen. The generator's step freezes the discriminator so.
     */
    @Test
    public final void aFrozenParameterKeepsItsGradientWhileGradientsFlowThroughIt() {
        Layer linear = context().layer(new Linear(2, 1, false));
        Tensor w = linear.parameters().get("weight");
        w.copyFrom(new float[] {3, 4});
        Tensor x1 = context().tensor(new float[] {1, 2}, Shape.of(1, 2)).requireGrad();
        Tensor x2 = context().tensor(new float[] {5, 6}, Shape.of(1, 2)).requireGrad();
        Tensor x3 = context().tensor(new float[] {7, 8}, Shape.of(1, 2));
        try (TensorScope scope = context().scope(); GradientTape tape = context().record()) {
            tape.backward(context().ops().mean(linear.forward(x1, true)));
            assertValues(new float[] {1, 2}, w.grad());
            w.requireGrad(false);
            assertEquals(false, w.requiresGrad());
            tape.backward(context().ops().mean(linear.forward(x2, true)));
            assertValues(new float[] {3, 4}, x2.grad());
            assertValues(new float[] {1, 2}, w.grad());
            w.requireGrad(true);
            tape.backward(context().ops().mean(linear.forward(x3, true)));
        }
        assertValues(new float[] {8, 10}, w.grad());
        assertValues(new float[] {3, 4}, x1.grad());
    }

    // ------------------------------------------------------------------------------------------------ optimizers

    /** Adam's state per parameter has PyTorch's names, exactly, each shaped like the parameter. */
    @Test
    public final void adamStateIsExpAvgAndExpAvgSq() {
        assertStateNames(OptimizerSpec.Adam.dcgan(), Set.of("exp_avg", "exp_avg_sq"));
    }

    /** SGD's state per parameter is PyTorch's {@code momentum_buffer}, shaped like the parameter. */
    @Test
    public final void sgdStateIsMomentumBuffer() {
        assertStateNames(new OptimizerSpec.Sgd(0.1, 0.9), Set.of("momentum_buffer"));
    }

    /** {@code steps()} counts the steps taken, from zero or from a count set when resuming. */
    @Test
    public final void stepsAreCounted() {
        for (OptimizerSpec spec : SpecCatalog.optimizers()) {
            Tensor p = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
            Optimizer optimizer = context().optimizer(spec, List.of(p));
            String name = SpecCatalog.typeName(spec);
            assertEquals(0, optimizer.steps(), name + " before any step");
            placeGradient(p, new float[] {1, 1});
            optimizer.step();
            optimizer.step();
            assertEquals(2, optimizer.steps(), name + " after two steps");
            optimizer.setSteps(7);
            assertEquals(7, optimizer.steps(), name + " after setSteps(7)");
            optimizer.step();
            assertEquals(8, optimizer.steps(), name + " after one more step");
        }
    }

    /** A negative step count is bad input. */
    @Test
    public final void aNegativeStepCountIsRefused() {
        for (OptimizerSpec spec : SpecCatalog.optimizers()) {
            Tensor p = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
            Optimizer optimizer = context().optimizer(spec, List.of(p));
            assertThrows(IllegalArgumentException.class, () -> optimizer.setSteps(-1), SpecCatalog.typeName(spec));
        }
    }

    /** Optimizers update tensors that require gradients; anything else is bad input. */
    @Test
    public final void aParameterThatDoesNotRequireGradientsIsRefused() {
        for (OptimizerSpec spec : SpecCatalog.optimizers()) {
            Tensor frozen = context().tensor(new float[] {1, 2}, Shape.of(2));
            assertThrows(IllegalArgumentException.class, () -> context().optimizer(spec, List.of(frozen)),
                    SpecCatalog.typeName(spec));
        }
    }

    /**
     * A parameter no backward reached is left as it is (PyTorch skips a parameter whose gradient is None), while its
     * neighbour moves.
     */
    @Test
    public final void aParameterNeverReachedByBackwardIsLeftUnchanged() {
        for (OptimizerSpec spec : SpecCatalog.optimizers()) {
            Tensor reached = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
            Tensor untouched = context().tensor(new float[] {5, 6}, Shape.of(2)).requireGrad();
            Optimizer optimizer = context().optimizer(spec, List.of(reached, untouched));
            for (int step = 0; step < 2; step++) {
                optimizer.zeroGrad();
                placeGradient(reached, new float[] {1, -1});
                optimizer.step();
            }
            String name = SpecCatalog.typeName(spec);
            assertArrayEquals(new float[] {5, 6}, untouched.toFloatArray(), name);
            float[] moved = reached.toFloatArray();
            assertTrue(moved[0] < 1 && moved[1] > 2, () -> name + " moved the reached parameter against its "
                    + "gradient, to " + moved[0] + ", " + moved[1]);
        }
    }

    // -------------------------------------------------------------------------------------------- closed context

    /** After close, the context makes nothing more: every factory refuses with IllegalStateException. */
    @Test
    public final void aClosedContextRefusesEveryFactory() {
        ComputeContext closed = openContext();
        Tensor parameter = closed.tensor(new float[] {1}, Shape.of(1)).requireGrad();
        closed.close();
        assertAll(
                refused("tensor", () -> closed.tensor(new float[] {1}, Shape.of(1))),
                refused("zeros", () -> closed.zeros(Shape.of(1))),
                refused("layer", () -> closed.layer(new ReLU())),
                refused("loss", () -> closed.loss(new LossSpec.BinaryCrossEntropy())),
                refused("optimizer", () -> closed.optimizer(new OptimizerSpec.Sgd(0.1, 0), List.of(parameter))),
                refused("record", closed::record),
                refused("scope", closed::scope));
    }

    /** Closing a closed context does nothing. */
    @Test
    public final void closeIsIdempotent() {
        ComputeContext twice = openContext();
        twice.close();
        assertDoesNotThrow(twice::close);
    }

    // ---------------------------------------------------------------------------------------------------- chains

    /**
     * {@link ComputeContext#forward(List, Tensor, boolean)} computes what the layers' own forward calls compute one
     * after another: output, the input's and every parameter's gradient, and the running statistics, within float
     * rounding. The chains are the pairs an engine may fuse (a convolution and its activation, batch normalisation and
     * ReLU, in training and evaluation) and pairs next to them that it may not.
     */
    @TestFactory
    public final List<DynamicTest> aChainComputesWhatItsLayersComputeOneByOne() {
        List<List<LayerSpec>> chains = List.of(
                List.of(new Conv2d(6, 16, 4, 2, 1, false), new LeakyReLU(0.2)),
                List.of(new Conv2d(16, 16, 3, 1, 1, true), new ReLU()),
                List.of(new Conv2d(16, 1, 4, 1, 0, false), new Sigmoid()),
                List.of(new ConvTranspose2d(16, 32, 4, 2, 1, false), new BatchNorm2d(32), new ReLU()),
                List.of(new ConvTranspose2d(16, 3, 4, 2, 1, false), new Tanh()),
                List.of(new Conv2d(16, 32, 4, 2, 1, false), new BatchNorm2d(32), new LeakyReLU(0.2)),
                List.of(new ReLU(), new Conv2d(16, 16, 3, 1, 1, false)),
                List.of(new LeakyReLU(0.2), new Tanh()));
        List<DynamicTest> tests = new ArrayList<>();
        for (List<LayerSpec> chain : chains) {
            for (boolean training : new boolean[] {true, false}) {
                String name = chain.stream().map(SpecCatalog::typeName).reduce((a, b) -> a + " → " + b).orElseThrow()
                        + (training ? ", training" : ", evaluation");
                tests.add(DynamicTest.dynamicTest(name, () -> assertChainMatchesLayers(chain, training)));
            }
        }
        return tests;
    }

    private void assertChainMatchesLayers(List<LayerSpec> chain, boolean training) {
        int channels = chain.stream().filter(s -> s instanceof Conv2d || s instanceof ConvTranspose2d)
                .map(s -> s instanceof Conv2d c ? c.in() : ((ConvTranspose2d) s).in()).findFirst().orElse(16);
        Shape inputShape = Shape.of(2, channels, 8, 8);
        try (TensorScope scope = context().scope()) {
            List<Layer> oneByOne = layersOf(chain);
            List<Layer> together = layersOf(chain);
            float[] x = seeded(inputShape.sizeAsInt(), 11);
            Tensor x1 = context().tensor(x, inputShape).requireGrad();
            Tensor x2 = context().tensor(x, inputShape).requireGrad();
            Tensor y1;
            Tensor y2;
            try (GradientTape tape = context().record()) {
                Tensor out = x1;
                for (Layer layer : oneByOne) {
                    out = layer.forward(out, training);
                }
                y1 = out;
                tape.backward(context().ops().dot(y1, context().tensor(seeded(y1.shape().sizeAsInt(), 12),
                        y1.shape())));
            }
            try (GradientTape tape = context().record()) {
                y2 = context().forward(together, x2, training);
                tape.backward(context().ops().dot(y2, context().tensor(seeded(y2.shape().sizeAsInt(), 12),
                        y2.shape())));
            }
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertEquals(y1.shape(), y2.shape(), "output shape"));
            checks.add(() -> assertClose("output", y1, y2));
            checks.add(() -> assertClose("input gradient", x1.grad(), x2.grad()));
            for (int i = 0; i < chain.size(); i++) {
                int layer = i;
                oneByOne.get(i).parameters().forEach((name, p) -> checks.add(() -> assertClose(
                        "gradient of layer " + layer + " " + name, p.grad(),
                        together.get(layer).parameters().get(name).grad())));
                oneByOne.get(i).buffers().forEach((name, b) -> checks.add(() -> assertClose(
                        "layer " + layer + " " + name, b, together.get(layer).buffers().get(name))));
            }
            assertAll(checks);
        }
    }

    /** The layers of {@code chain} with the same seeded parameter values on every call. */
    private List<Layer> layersOf(List<LayerSpec> chain) {
        List<Layer> layers = new ArrayList<>();
        int seed = 100;
        for (LayerSpec spec : chain) {
            Layer layer = context().layer(spec);
            for (Tensor p : layer.parameters().values()) {
                float[] values = seeded(p.shape().sizeAsInt(), seed++);
                if (spec instanceof BatchNorm2d) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = 1 + 0.5f * values[i];
                    }
                }
                p.copyFrom(values);
            }
            if (spec instanceof BatchNorm2d) {
                Tensor mean = layer.buffers().get("running_mean");
                mean.copyFrom(seeded(mean.shape().sizeAsInt(), seed++));
            }
            layers.add(layer);
        }
        return layers;
    }

    /** Values in [-1, 1) from a fixed seed. */
    private static float[] seeded(int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what + ": size");
        for (int i = 0; i < e.length; i++) {
            float tolerance = 1e-5f + 1e-4f * Math.abs(e[i]);
            if (!(Math.abs(e[i] - a[i]) <= tolerance)) {
                throw new AssertionError(what + " differs at element " + i + ": one by one " + e[i] + ", as a chain "
                        + a[i]);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- unsupported specs

    /**
     * Every spec in {@link SpecCatalog} either builds, or is refused with an UnsupportedOperationException naming
     * this engine and the spec's type: never another error, never a silent stand-in.
     */
    @TestFactory
    public final List<DynamicTest> everySpecBuildsOrIsRefusedByName() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LayerSpec spec : SpecCatalog.layers()) {
            tests.add(buildsOrRefuses(spec, () -> {
                Layer layer = context().layer(spec);
                assertEquals(spec, layer.spec(), "the layer reports the spec it was built from");
            }));
        }
        for (LossSpec spec : SpecCatalog.losses()) {
            tests.add(buildsOrRefuses(spec, () -> assertEquals(spec, context().loss(spec).spec())));
        }
        for (OptimizerSpec spec : SpecCatalog.optimizers()) {
            tests.add(buildsOrRefuses(spec, () -> {
                Tensor p = context().tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
                assertEquals(spec, context().optimizer(spec, List.of(p)).spec());
            }));
        }
        return tests;
    }

    // --------------------------------------------------------------------------------------------------- helpers


    private DynamicTest buildsOrRefuses(Object spec, Executable build) {
        String type = SpecCatalog.typeName(spec);
        return DynamicTest.dynamicTest(type + " builds or is refused by name", () -> {
            try (TensorScope scope = context().scope()) {
                build.execute();
            } catch (UnsupportedOperationException e) {
                String message = String.valueOf(e.getMessage());
                assertTrue(message.contains(testedBackend().name()) && message.contains(type), () -> "refusing " + spec
                        + ", the message must name the engine '" + testedBackend().name() + "' and '" + type + "': "
                        + message);
            }
        });
    }

    private static Executable refused(String factory, Supplier<?> call) {
        return () -> assertThrows(IllegalStateException.class, call::get, factory + " on a closed context");
    }

    /** Adds {@code gradient} to {@code parameter}'s gradient: the backward of {@code dot(parameter, gradient)}. */
    private void placeGradient(Tensor parameter, float[] gradient) {
        try (TensorScope scope = context().scope(); GradientTape tape = context().record()) {
            tape.backward(context().ops().dot(parameter, context().tensor(gradient, parameter.shape())));
        }
    }

    private void assertStateNames(OptimizerSpec spec, Set<String> names) {
        Tensor matrix = context().tensor(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3)).requireGrad();
        Tensor vector = context().tensor(new float[] {1, 2, 3, 4}, Shape.of(4)).requireGrad();
        Optimizer optimizer = context().optimizer(spec, List.of(matrix, vector));
        placeGradient(matrix, new float[] {1, 1, 1, 1, 1, 1});
        placeGradient(vector, new float[] {1, 1, 1, 1});
        optimizer.step();
        List<Tensor> parameters = List.of(matrix, vector);
        for (int i = 0; i < parameters.size(); i++) {
            var state = optimizer.state(i);
            assertEquals(new TreeSet<>(names), new TreeSet<>(state.keySet()), "state names of parameter " + i);
            for (var entry : state.entrySet()) {
                assertEquals(parameters.get(i).shape(), entry.getValue().shape(),
                        entry.getKey() + " of parameter " + i + " is shaped like it");
            }
        }
    }

    private static void assertValues(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toFloatArray(), 1e-6f);
    }
}
