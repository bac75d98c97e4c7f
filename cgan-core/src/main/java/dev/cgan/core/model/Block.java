package dev.cgan.core.model;

import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.tensor.Shape;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A network that is not a plain sequence, as a tree of blocks whose child names are the attribute names of the
 * PyTorch twin's modules, so a layer's state_dict name is the path of names from the root to its leaf
 * ({@code generator.2.main.0.weight}). The twins in {@code cgan-conformance/reference/models.py} build the same tree
 * from four generic modules ({@code Chain}, {@code Residual}, {@code Projection}, {@code Unflatten}).
 *
 * <p>Every block maps an input and the one-hot labels {@code [N, classes]} to an output; the labels reach only the
 * layers that read them ({@link LayerSpec#conditional()}: conditional BatchNorm) and a projection's embedding.
 * Leaves are numbered depth-first in the order of the children below, which is PyTorch's state_dict order.
 */
public sealed interface Block permits Block.Op, Block.Chain, Block.Residual, Block.Projection, Block.Unflatten {

    /** One layer, a leaf of the tree; a {@link LayerSpec#conditional()} layer also receives the labels. */
    record Op(LayerSpec layer) implements Block {
        public Op {
            Objects.requireNonNull(layer, "layer");
        }
    }

    /** Children run in order, named {@code 0, 1, ...} (an {@code nn.Sequential} that passes the labels on). */
    record Chain(List<Block> children) implements Block {
        public Chain {
            children = List.copyOf(children);
            if (children.isEmpty()) {
                throw new IllegalArgumentException("a chain needs at least one block");
            }
        }

        /** A chain of single layers. */
        public static Chain of(LayerSpec... layers) {
            return new Chain(java.util.Arrays.stream(layers).<Block>map(Op::new).toList());
        }
    }

    /**
     * A residual block: {@code main(x) + shortcut(x)} (element-wise, same shape), children named {@code main} and
     * {@code shortcut}; a null shortcut is the identity (and has no child).
     */
    record Residual(Block main, Block shortcut) implements Block {
        public Residual {
            Objects.requireNonNull(main, "main");
        }
    }

    /**
     * The projection output of Miyato &amp; Koyama (2018): {@code h = features(x)} {@code [N, C, H, W]} (ending in a
     * ReLU), {@code phi = sum over H, W of h} {@code [N, C]}, and the score {@code psi(phi) + <embed(y), phi>}
     * {@code [N, 1]}, with {@code psi} a layer {@code C -> 1} and {@code embed} a class embedding of length {@code C}.
     * Children named {@code features}, {@code psi}, {@code embed}.
     */
    record Projection(Block features, LayerSpec psi, Embedding embed) implements Block {
        public Projection {
            Objects.requireNonNull(features, "features");
            Objects.requireNonNull(psi, "psi");
            Objects.requireNonNull(embed, "embed");
        }
    }

    /** Reshapes {@code [N, channels * height * width]} to {@code [N, channels, height, width]}; no state. */
    record Unflatten(int channels, int height, int width) implements Block {
        public Unflatten {
            if (channels < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("Unflatten needs positive sizes, got " + channels + "x" + height
                        + "x" + width);
            }
        }

        /** The shape of {@code n} samples. */
        public Shape shape(int n) {
            return Shape.of(n, channels, height, width);
        }
    }

    /**
     * Calls {@code leaf} with the dotted path (below {@code path}) and spec of every layer under {@code block},
     * depth-first in child order: the order {@link NetworkSpec#layers()} lists them in.
     */
    static void leaves(Block block, String path, BiConsumer<String, LayerSpec> leaf) {
        if (block instanceof Op op) {
            leaf.accept(path, op.layer());
        } else if (block instanceof Chain chain) {
            for (int i = 0; i < chain.children().size(); i++) {
                leaves(chain.children().get(i), join(path, Integer.toString(i)), leaf);
            }
        } else if (block instanceof Residual r) {
            leaves(r.main(), join(path, "main"), leaf);
            if (r.shortcut() != null) {
                leaves(r.shortcut(), join(path, "shortcut"), leaf);
            }
        } else if (block instanceof Projection p) {
            leaves(p.features(), join(path, "features"), leaf);
            leaf.accept(join(path, "psi"), p.psi());
            leaf.accept(join(path, "embed"), p.embed());
        }
        // Unflatten: no layer
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
