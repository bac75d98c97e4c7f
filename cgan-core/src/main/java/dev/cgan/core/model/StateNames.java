package dev.cgan.core.model;

import dev.cgan.api.layer.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch {@code state_dict} naming for networks: {@code <prefix>.<layer index>.<parameter or buffer name>}, with a
 * section between prefix and index for two-branch networks.
 */
public final class StateNames {

    private StateNames() {
    }

    /**
     * The full name of one layer's parameter or buffer: {@code <prefix>.<i>.<local>}, or for a two-branch network
     * {@code <prefix>.<section>.<index in section>.<local>}, or for a block network {@code <prefix>.<path>.<local>}
     * (see {@link NetworkSpec}).
     */
    public static String of(NetworkSpec network, int layerIndex, String local) {
        if (network.isBlocks()) {
            return network.prefix() + "." + network.leafPaths().get(layerIndex) + "." + local;
        }
        NetworkSpec.Branches b = network.branches();
        if (b == null) {
            return network.prefix() + "." + layerIndex + "." + local;
        }
        if (layerIndex < b.dataLayers()) {
            return network.prefix() + "." + b.dataName() + "." + layerIndex + "." + local;
        }
        int inLabel = layerIndex - b.dataLayers();
        if (inLabel < b.labelLayers()) {
            return network.prefix() + "." + NetworkSpec.LABEL_SECTION + "." + inLabel + "." + local;
        }
        return network.prefix() + "." + NetworkSpec.JOINT_SECTION + "." + (inLabel - b.labelLayers()) + "." + local;
    }

    /** Every parameter then buffer name of each layer, layer by layer (PyTorch's order, without num_batches_tracked). */
    public static List<String> of(NetworkSpec network) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            LayerSpec layer = network.layers().get(i);
            for (String p : layer.parameterShapes().keySet()) {
                names.add(of(network, i, p));
            }
            for (String b : layer.bufferShapes().keySet()) {
                names.add(of(network, i, b));
            }
        }
        return names;
    }
}
