package dev.cgan.core.model;

import dev.cgan.api.layer.LayerSpec;
import java.util.List;

/**
 * A sequential network as data: layers in order, under a name prefix that makes PyTorch's {@code state_dict} names
 * (layer {@code i}'s parameter {@code weight} is {@code <prefix>.<i>.weight}, as in an {@code nn.Sequential} held by
 * an attribute called {@code prefix}).
 *
 * @param prefix the attribute name of the sequential in the seed's PyTorch module ({@code generator},
 *               {@code discriminator})
 * @param layers the layers, in order
 */
public record NetworkSpec(String prefix, List<LayerSpec> layers) {

    public NetworkSpec {
        layers = List.copyOf(layers);
    }
}
