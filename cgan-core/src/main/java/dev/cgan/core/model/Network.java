package dev.cgan.core.model;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.layer.ConditionalLayer;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A {@link NetworkSpec} built on a backend: its layers, run in order (or in two branches and a joint part, or as a
 * tree of {@link Block}s), with state under PyTorch's names.
 */
public final class Network {

    private final NetworkSpec spec;
    private final List<Layer> layers;
    private final ComputeContext context;
    private final Step root;

    /** Builds every layer of {@code spec} on {@code context} (parameters at the backend's defaults). */
    public Network(ComputeContext context, NetworkSpec spec) {
        this.spec = spec;
        List<Layer> built = new ArrayList<>();
        for (var layerSpec : spec.layers()) {
            built.add(context.layer(layerSpec));
        }
        this.layers = Collections.unmodifiableList(built);
        this.context = context;
        this.root = spec.isBlocks() ? compile(spec.root(), new int[1]) : null;
    }

    /** A block bound to this network's layers: runs it on an input and the labels. */
    @FunctionalInterface
    private interface Step {
        Tensor run(Tensor x, Tensor labels, boolean training);
    }

    /** Binds {@code block} to the built layers, taking them in leaf order from {@code next[0]} on. */
    private Step compile(Block block, int[] next) {
        TensorOps ops = context.ops();
        if (block instanceof Block.Op) {
            Layer layer = layers.get(next[0]++);
            if (layer.spec().conditional()) {
                ConditionalLayer conditional = (ConditionalLayer) layer;
                return conditional::forward;
            }
            return (x, y, training) -> layer.forward(x, training);
        }
        if (block instanceof Block.Chain chain) {
            List<Step> steps = new ArrayList<>();
            List<Layer> plain = new ArrayList<>();
            for (Block child : chain.children()) {
                // A run of layers that do not read the labels goes to the context as one list (it may fuse them).
                if (child instanceof Block.Op && !layers.get(next[0]).spec().conditional()) {
                    plain.add(layers.get(next[0]++));
                    continue;
                }
                addRun(steps, plain);
                steps.add(compile(child, next));
            }
            addRun(steps, plain);
            return (x, y, training) -> {
                Tensor out = x;
                for (Step step : steps) {
                    out = step.run(out, y, training);
                }
                return out;
            };
        }
        if (block instanceof Block.Residual residual) {
            Step main = compile(residual.main(), next);
            Step shortcut = residual.shortcut() == null ? null : compile(residual.shortcut(), next);
            return (x, y, training) -> ops.add(main.run(x, y, training),
                    shortcut == null ? x : shortcut.run(x, y, training));
        }
        if (block instanceof Block.Projection projection) {
            Step features = compile(projection.features(), next);
            Layer psi = layers.get(next[0]++);
            Layer embed = layers.get(next[0]++);
            return (x, y, training) -> {
                Tensor phi = ops.sumSpatial(features.run(x, y, training));
                return ops.add(psi.forward(phi, training), ops.rowDot(embed.forward(y, training), phi));
            };
        }
        Block.Unflatten unflatten = (Block.Unflatten) block;
        return (x, y, training) -> ops.reshape(x, unflatten.shape(x.shape().dim(0)));
    }

    /** Adds a step that runs {@code run}'s layers through the context (if there are any) and empties it. */
    private void addRun(List<Step> steps, List<Layer> run) {
        if (run.isEmpty()) {
            return;
        }
        List<Layer> layersOfRun = List.copyOf(run);
        run.clear();
        steps.add((x, y, training) -> context.forward(layersOfRun, x, training));
    }

    /** The network's spec. */
    public NetworkSpec spec() {
        return spec;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Runs every layer of a sequential network in order.
     *
     * @throws IllegalStateException for a two-branch network (use {@link #forward(Tensor, Tensor, boolean)})
     */
    public Tensor forward(Tensor input, boolean training) {
        if (spec.isBranched() || spec.isBlocks()) {
            throw new IllegalStateException(spec.prefix() + " reads the labels too; give it both inputs");
        }
        return run(input, 0, layers.size(), training);
    }

    /**
     * Runs a two-branch network: the data branch on {@code data} {@code [N, F]}, the label branch on
     * {@code labels} {@code [N, C]}, both outputs concatenated on features (data first), then the joint layers; or a
     * block network's tree on {@code data}, with the labels for the layers that read them.
     *
     * @throws IllegalStateException for a sequential network
     */
    public Tensor forward(Tensor data, Tensor labels, boolean training) {
        if (root != null) {
            return root.run(data, labels, training);
        }
        NetworkSpec.Branches b = spec.branches();
        if (b == null) {
            throw new IllegalStateException(spec.prefix() + " is sequential; give it one input");
        }
        Tensor x = run(data, 0, b.dataLayers(), training);
        Tensor y = run(labels, b.dataLayers(), b.dataLayers() + b.labelLayers(), training);
        TensorOps ops = context.ops();
        return run(ops.concatChannels(x, y), b.dataLayers() + b.labelLayers(), layers.size(), training);
    }

    private Tensor run(Tensor input, int from, int to, boolean training) {
        return context.forward(layers.subList(from, to), input, training);
    }

    /** Trainable parameters by state_dict name, in order. */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (var e : layers.get(i).parameters().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
        }
        return out;
    }

    /** Buffers (running statistics) by state_dict name, in order. */
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (var e : layers.get(i).buffers().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
        }
        return out;
    }

    /** Parameters and buffers by state_dict name, in PyTorch's order (parameters then buffers, layer by layer). */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (var e : layers.get(i).parameters().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
            for (var e : layers.get(i).buffers().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
        }
        return out;
    }

    /**
     * The positions of the layers' own random streams (the Dropout masks) by layer name, the layer's state_dict
     * prefix ({@code generator.joint.4}), in layer order; layers without randomness are not listed.
     */
    public Map<String, Long> randomStates() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            OptionalLong state = layers.get(i).randomState();
            if (state.isPresent()) {
                out.put(layerName(i), state.getAsLong());
            }
        }
        return out;
    }

    /**
     * Moves the random streams of the layers named in {@code states} (as {@link #randomStates()} names them) to the
     * given positions; layers not named keep theirs.
     *
     * @throws IllegalArgumentException if a name is not a layer of this network with a random stream
     */
    public void restoreRandomStates(Map<String, Long> states) {
        Map<String, Long> left = new LinkedHashMap<>(states);
        for (int i = 0; i < layers.size(); i++) {
            Long state = left.remove(layerName(i));
            if (state != null) {
                if (layers.get(i).randomState().isEmpty()) {
                    throw new IllegalArgumentException(layerName(i) + " has no random stream");
                }
                layers.get(i).restoreRandomState(state);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException(spec.prefix() + " has no layers " + left.keySet());
        }
    }

    /** The state_dict prefix of layer {@code i}, e.g. {@code generator.joint.4}. */
    private String layerName(int i) {
        String any = StateNames.of(spec, i, "");
        return any.substring(0, any.length() - 1);
    }
}
