package dev.cgan.onnx;

import static dev.cgan.onnx.GraphBuilder.integer;
import static dev.cgan.onnx.GraphBuilder.ints;
import static dev.cgan.onnx.GraphBuilder.real;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.core.model.NetworkSpec;
import dev.cgan.core.model.StateNames;
import dev.cgan.core.safetensors.StoredTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One layer of a network as ONNX nodes, in evaluation mode (what {@code G.eval()} computes in PyTorch). The layer's
 * weights become initializers under their PyTorch {@code state_dict} names.
 */
final class LayerNodes {

    private final GraphBuilder graph;
    private final NetworkSpec network;
    private final Map<String, StoredTensor> weights;

    LayerNodes(GraphBuilder graph, NetworkSpec network, Map<String, StoredTensor> weights) {
        this.graph = graph;
        this.network = network;
        this.weights = weights;
    }

    /** Appends layer {@code i} of the network on value {@code x}; returns the value it produces. */
    String append(int i, String x) {
        LayerSpec layer = network.layers().get(i);
        // The set of layers is sealed; Java 17 has no pattern switch, so each kind is tested in turn.
        if (layer instanceof ConvTranspose2d c) {
            return graph.node("ConvTranspose", withBias(i, x, c.bias()), ints("kernel_shape", c.kernel(), c.kernel()),
                    ints("strides", c.stride(), c.stride()), ints("pads", c.padding(), c.padding(), c.padding(),
                            c.padding()));
        }
        if (layer instanceof Conv2d c) {
            return graph.node("Conv", withBias(i, x, c.bias()), ints("kernel_shape", c.kernel(), c.kernel()),
                    ints("strides", c.stride(), c.stride()), ints("pads", c.padding(), c.padding(), c.padding(),
                            c.padding()));
        }
        if (layer instanceof BatchNorm2d b) {
            // Without training_mode, BatchNormalization normalises with the running statistics given as inputs.
            return graph.node("BatchNormalization", List.of(x, weight(i, "weight"), weight(i, "bias"),
                    weight(i, "running_mean"), weight(i, "running_var")), real("epsilon", b.eps()));
        }
        if (layer instanceof Linear l) {
            // PyTorch keeps a Linear weight as [out, in]: y = x W^T + b is Gemm with transB.
            return graph.node("Gemm", withBias(i, x, l.bias()), integer("transB", 1));
        }
        if (layer instanceof Maxout m) {
            // One Linear of units * pieces outputs, grouped unit-major, then the maximum over each unit's pieces.
            String affine = graph.node("Gemm", withBias(i, x, true), integer("transB", 1));
            String grouped = graph.node("Reshape", List.of(affine,
                    graph.longs(layerName(i) + ".pieces_shape", -1, m.units(), m.pieces())));
            return graph.node("ReduceMax", List.of(grouped), ints("axes", 2), integer("keepdims", 0));
        }
        if (layer instanceof Dropout) {
            return x; // the identity in evaluation mode
        }
        if (layer instanceof ReLU) {
            return graph.node("Relu", List.of(x));
        }
        if (layer instanceof LeakyReLU l) {
            return graph.node("LeakyRelu", List.of(x), real("alpha", l.slope()));
        }
        if (layer instanceof Tanh) {
            return graph.node("Tanh", List.of(x));
        }
        if (layer instanceof Sigmoid) {
            return graph.node("Sigmoid", List.of(x));
        }
        throw new UnsupportedOperationException("ONNX export does not support layer " + layer.typeName());
    }

    private List<String> withBias(int i, String x, boolean bias) {
        List<String> in = new ArrayList<>(List.of(x, weight(i, "weight")));
        if (bias) {
            in.add(weight(i, "bias"));
        }
        return in;
    }

    /** Adds layer {@code i}'s tensor {@code local} as an initializer (once) and returns its name. */
    private String weight(int i, String local) {
        String name = StateNames.of(network, i, local);
        StoredTensor t = weights.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the generator's weights lack " + name);
        }
        if (t.dtype() != dev.cgan.core.safetensors.DType.F32) {
            throw new IllegalArgumentException(name + " is " + t.dtype() + ", not F32");
        }
        return graph.floats(name, t.shape(), t.bytes());
    }

    private String layerName(int i) {
        String any = StateNames.of(network, i, "");
        return any.substring(0, any.length() - 1);
    }
}
