package dev.cgan.onnx;

import com.google.protobuf.ByteString;
import dev.cgan.api.tensor.Shape;
import dev.cgan.onnx.proto.OnnxProtos.AttributeProto;
import dev.cgan.onnx.proto.OnnxProtos.GraphProto;
import dev.cgan.onnx.proto.OnnxProtos.NodeProto;
import dev.cgan.onnx.proto.OnnxProtos.TensorProto;
import dev.cgan.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.cgan.onnx.proto.OnnxProtos.TypeProto;
import dev.cgan.onnx.proto.OnnxProtos.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects an ONNX graph: nodes in execution order, each producing one fresh value, and the weights as initializers.
 * Values are named {@code <op>_<n>} so that a model viewer shows what each one is.
 */
final class GraphBuilder {

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private int counter;

    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** Declares a float32 graph input of shape {@code [N, features]}. */
    void input(String name, int features) {
        graph.addInput(floatValue(name, new Object[] {OnnxFormat.BATCH, features}));
    }

    /** Adds a float32 initializer holding little-endian bytes (as stored in a safetensors file). */
    String floats(String name, Shape shape, byte[] littleEndian) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(littleEndian));
        for (int d : shape.dims()) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a 1-D int64 initializer (the target shape of a Reshape). */
    String longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node of {@code op} on {@code inputs}; returns the name of its one output. */
    String node(String op, List<String> inputs, AttributeProto... attributes) {
        String out = op.toLowerCase(java.util.Locale.ROOT) + "_" + counter++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n);
        return out;
    }

    /**
     * Ends the graph with {@code value} as the float32 output {@code name} of shape {@code dims} (a String is a free
     * dimension). The node that made {@code value} is renamed to write {@code name} directly; a graph input passed
     * straight through gets an Identity node.
     */
    GraphProto finish(String value, String name, Object... dims) {
        NodeProto.Builder last = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
        if (last == null || !last.getOutput(0).equals(value)) {
            node("Identity", List.of(value));
            last = nodes.get(nodes.size() - 1);
        }
        last.setOutput(0, name);
        for (NodeProto.Builder n : nodes) {
            graph.addNode(n);
        }
        graph.addOutput(floatValue(name, dims));
        return graph.build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    static AttributeProto real(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    private static ValueInfoProto floatValue(String name, Object[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
