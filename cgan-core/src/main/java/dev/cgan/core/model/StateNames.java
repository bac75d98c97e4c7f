package dev.cgan.core.model;

import dev.cgan.api.layer.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/** PyTorch {@code state_dict} naming for networks: {@code <prefix>.<layer index>.<parameter or buffer name>}. */
public final class StateNames {

    private StateNames() {
    }

    /** The full name of one layer's parameter or buffer. */
    public static String of(NetworkSpec network, int layerIndex, String local) {
        return network.prefix() + "." + layerIndex + "." + local;
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
