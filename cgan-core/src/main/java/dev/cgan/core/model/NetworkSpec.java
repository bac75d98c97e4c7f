package dev.cgan.core.model;

import dev.cgan.api.layer.LayerSpec;
import java.util.List;

/**
 * A network as data: layers in order, under a name prefix that makes PyTorch's {@code state_dict} names.
 *
 * <p>A <b>sequential</b> network (no {@code branches}) runs all layers on one input; layer {@code i}'s parameter
 * {@code weight} is {@code <prefix>.<i>.weight}, as in an {@code nn.Sequential} held by an attribute called
 * {@code prefix}. A <b>two-branch</b> network (the paper's MLPs) takes the data and the one-hot label separately:
 * the first {@link Branches#dataLayers()} layers run on the data, the next {@link Branches#labelLayers()} on the
 * label, their outputs are concatenated on features (data first), and the remaining layers run on that; its names are
 * {@code <prefix>.<section>.<j>.weight}, with sections {@link Branches#dataName()}, {@code label} and {@code joint}
 * and {@code j} the index within the section (three {@code nn.Sequential}s held by a module called {@code prefix}).
 *
 * <p>A <b>block</b> network ({@link #root()} not null) is a tree of {@link Block}s: residual blocks, layers that read
 * the labels, a projection output. Its layers are the tree's leaves, depth-first, and a layer's names are
 * {@code <prefix>.<path>.<local>} with the path of child names from the root ({@link Block}).
 *
 * @param prefix   the attribute name of the network in the PyTorch module ({@code generator}, {@code discriminator})
 * @param layers   the layers, in order (data branch, label branch, joint part for a two-branch network; the leaves
 *                 of the tree for a block network)
 * @param branches the branch structure, or null for a sequential or block network
 * @param root     the tree of a block network, or null
 */
public record NetworkSpec(String prefix, List<LayerSpec> layers, Branches branches, Block root) {

    /** The section name of a two-branch network's label branch. */
    public static final String LABEL_SECTION = "label";

    /** The section name of a two-branch network's joint part. */
    public static final String JOINT_SECTION = "joint";

    public NetworkSpec {
        layers = List.copyOf(layers);
        if (root != null) {
            if (branches != null) {
                throw new IllegalArgumentException(prefix + ": a block network has no branches");
            }
            List<LayerSpec> leaves = new java.util.ArrayList<>();
            Block.leaves(root, "", (path, layer) -> leaves.add(layer));
            if (!leaves.equals(layers)) {
                throw new IllegalArgumentException(prefix + ": the layers must be the tree's leaves in order");
            }
        }
        if (branches != null && branches.dataLayers() + branches.labelLayers() > layers.size()) {
            throw new IllegalArgumentException(prefix + ": branches of " + branches.dataLayers() + " and "
                    + branches.labelLayers() + " layers do not fit " + layers.size() + " layers");
        }
    }

    /** A sequential network. */
    public NetworkSpec(String prefix, List<LayerSpec> layers) {
        this(prefix, layers, null, null);
    }

    /** A sequential ({@code branches} null) or two-branch network. */
    public NetworkSpec(String prefix, List<LayerSpec> layers, Branches branches) {
        this(prefix, layers, branches, null);
    }

    /** A block network: the tree {@code root}, its layers the leaves. */
    public static NetworkSpec blocks(String prefix, Block root) {
        List<LayerSpec> leaves = new java.util.ArrayList<>();
        Block.leaves(root, "", (path, layer) -> leaves.add(layer));
        return new NetworkSpec(prefix, leaves, null, root);
    }

    /** Whether this is a tree of blocks (the labels reach the layers that read them, see {@link Block}). */
    public boolean isBlocks() {
        return root != null;
    }

    /** The path below the prefix of each layer of a block network ({@code 2.main.0}), in layer order. */
    public List<String> leafPaths() {
        if (root == null) {
            throw new IllegalStateException(prefix + " is not a block network");
        }
        List<String> paths = new java.util.ArrayList<>();
        Block.leaves(root, "", (path, layer) -> paths.add(path));
        return paths;
    }

    /** A two-branch network from its three sections. */
    public static NetworkSpec branched(String prefix, String dataName, List<LayerSpec> data, List<LayerSpec> label,
                                       List<LayerSpec> joint) {
        List<LayerSpec> all = new java.util.ArrayList<>(data);
        all.addAll(label);
        all.addAll(joint);
        return new NetworkSpec(prefix, all, new Branches(dataName, data.size(), label.size()));
    }

    /** Whether the data and the label enter through separate branches. */
    public boolean isBranched() {
        return branches != null;
    }

    /**
     * How a two-branch network splits its layer list.
     *
     * @param dataName    the section name of the data branch ({@code noise} in a generator, {@code image} in a
     *                    discriminator)
     * @param dataLayers  layers of the data branch, first in the list
     * @param labelLayers layers of the label branch, next in the list
     */
    public record Branches(String dataName, int dataLayers, int labelLayers) {

        public Branches {
            if (dataLayers < 1 || labelLayers < 1) {
                throw new IllegalArgumentException("each branch needs a layer, got " + dataLayers + " and "
                        + labelLayers);
            }
        }
    }
}
