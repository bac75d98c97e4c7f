package dev.cgan.onnx;

/**
 * What an exported generator looks like from outside: the ONNX versions it is written for, its input and output
 * names, and the keys of its {@code metadata_props}.
 *
 * <p>Inputs: {@value #NOISE} {@code float32 [N, z_dim]} and {@value #LABEL} {@code float32 [N, num_classes]} (a
 * one-hot row per image; mixtures of two labels interpolate as in {@code cgan-cli generate --interpolate}). Output:
 * {@value #IMAGE} {@code float32 [N, channels, image_size, image_size]} in the range of the model's last activation
 * ({@value #PIXEL_RANGE} in the metadata). {@code N} is free.
 */
public final class OnnxFormat {

    /**
     * The ONNX operator set (default domain) the graph uses. Opset 13 (ONNX 1.8) has every operator the generators
     * need, and ONNX Runtime (1.6 and later), onnx's own checker (1.8 and later) and the usual converters read it.
     */
    public static final int OPSET = 13;

    /**
     * The ONNX IR version of the file: 7, the version ONNX 1.8 introduced opset 13 with. The graph uses nothing
     * later IR versions added (the vendored {@code onnx.proto} describes IR 8, a superset), so older readers take it.
     */
    public static final int IR_VERSION = 7;

    /** The noise input. */
    public static final String NOISE = "z";

    /** The label input. */
    public static final String LABEL = "label";

    /** The image output. */
    public static final String IMAGE = "image";

    /** The name of the free batch dimension of inputs and output. */
    public static final String BATCH = "N";

    /** Metadata key: the class names as a JSON list, index = label. */
    public static final String CLASSES = "classes";

    /** Metadata key: the distribution of the noise, {@code gaussian} (N(0, 1)) or {@code uniform} ([0, 1)). */
    public static final String NOISE_DISTRIBUTION = "noise";

    /** Metadata key: the range of the output, {@code [-1, 1]} or {@code [0, 1]}. */
    public static final String PIXEL_RANGE = "pixel_range";

    /** The {@code producer_name} of exported models. */
    public static final String PRODUCER = "cgan";

    private OnnxFormat() {
    }
}
