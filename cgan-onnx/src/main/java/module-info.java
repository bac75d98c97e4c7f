/**
 * ONNX export of cgan's generators: {@link dev.cgan.onnx.OnnxExport} turns a trained generator (its
 * {@link dev.cgan.core.model.ModelSpec} and weights) into an ONNX model that ONNX Runtime and other ONNX tools run
 * without cgan. The model is built with protobuf-java from classes generated from the ONNX project's
 * {@code onnx.proto}.
 */
module dev.cgan.onnx {
    requires transitive dev.cgan.core;
    requires com.google.protobuf;

    exports dev.cgan.onnx;
    // protobuf's runtime finds the generated messages' fields reflectively.
    opens dev.cgan.onnx.proto to com.google.protobuf;
}
