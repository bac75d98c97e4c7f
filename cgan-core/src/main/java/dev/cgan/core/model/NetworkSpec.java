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
 * @param prefix   the attribute name of the network in the PyTorch module ({@code generator}, {@code discriminator})
 * @param layers   the layers, in order (data branch, label branch, joint part for a two-branch network)
 * @param branches the branch structure, or null for a sequential network
 */
public record NetworkSpec(String prefix, List<LayerSpec> layers, Branches branches) {

    /** The section name of a two-branch network's label branch. */
    public static final String LABEL_SECTION = "label";

    /** The section name of a two-branch network's joint part. */
    public static final String JOINT_SECTION = "joint";

    public NetworkSpec {
        layers = List.copyOf(layers);
        if (branches != null && branches.dataLayers() + branches.labelLayers() > layers.size()) {
            throw new IllegalArgumentException(prefix + ": branches of " + branches.dataLayers() + " and "
                    + branches.labelLayers() + " layers do not fit " + layers.size() + " layers");
        }
    }

    /** A sequential network. */
    public NetworkSpec(String prefix, List<LayerSpec> layers) {
        this(prefix, layers, null);
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
