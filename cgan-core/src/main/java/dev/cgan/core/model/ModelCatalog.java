package dev.cgan.core.model;

import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.layer.Upsample;
import dev.cgan.core.data.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The architectures cgan trains, by name. */
public final class ModelCatalog {

    /** Noise dimension of the seed's models. */
    public static final int Z_DIM = 100;

    private static final double LEAKY_SLOPE = 0.2;

    private static final double MLP_DROPOUT = 0.5;

    private ModelCatalog() {
    }

    /** The names users can pass to {@code --model}. */
    public static List<String> names() {
        return List.of("dcgan64", "dcgan32", "mlp", "sngan32", "sngan64");
    }

    /**
     * The images the model called {@code name} is meant for, which image folders are decoded to: dcgan64 the seed's
     * 64×64 RGB, dcgan32 32×32 grayscale (Fashion-MNIST's kind); sngan64 and sngan32 likewise.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ImageShape imageShape(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "dcgan64" -> new ImageShape(3, 64);
            case "dcgan32" -> new ImageShape(1, 32);
            case "mlp" -> new ImageShape(1, 28);
            case "sngan32" -> new ImageShape(1, 32);
            case "sngan64" -> new ImageShape(3, 64);
            default -> throw new IllegalArgumentException(
                    "unknown model '" + name + "': known models are " + String.join(", ", names()));
        };
    }

    /**
     * The architecture called {@code name} for {@code numClasses} classes and {@code channels} image channels.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    public static ModelSpec byName(String name, int numClasses, int channels) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "dcgan64" -> dcgan64(numClasses, channels);
            case "dcgan32" -> dcgan32(numClasses, channels);
            case "mlp" -> mlp(numClasses, channels);
            case "sngan32" -> sngan32(numClasses, channels);
            case "sngan64" -> sngan64(numClasses, channels);
            default -> throw new IllegalArgumentException(
                    "unknown model '" + name + "': known models are " + String.join(", ", names()));
        };
    }

    /**
     * The seed's conditional DCGAN at 64×64: five 4×4 transposed convolutions (512, 256, 128, 64, channels) with
     * BatchNorm and ReLU, Tanh last; the discriminator five 4×4 convolutions (64, 128, 256, 512, 1), LeakyReLU(0.2),
     * BatchNorm on the 2nd–4th, Sigmoid last. No biases.
     *
     * <p>The seed calls every discriminator convolution "stride 2"; its last one maps 4×4 to 1×1 with padding 0,
     * which a 4×4 kernel does only at stride 1 (at stride 2 the output is the same 1×1), so stride 1 is used, as in
     * DCGAN.
     */
    public static ModelSpec dcgan64(int numClasses, int channels) {
        requireClasses(numClasses);
        int[] gOut = {512, 256, 128, 64, channels};
        int[] dOut = {64, 128, 256, 512, 1};
        return build("dcgan64", numClasses, channels, 64, gOut, new int[] {1, 2, 2, 2, 2}, new int[] {0, 1, 1, 1, 1},
                dOut, new int[] {2, 2, 2, 2, 1}, new int[] {1, 1, 1, 1, 0});
    }

    /**
     * The 32×32 variant for 28×28 images padded to 32×32: generator 256, 128, 64, channels; discriminator 64, 128,
     * 256, 1; same activations and BatchNorm placement as {@link #dcgan64(int, int)}.
     */
    public static ModelSpec dcgan32(int numClasses, int channels) {
        requireClasses(numClasses);
        int[] gOut = {256, 128, 64, channels};
        int[] dOut = {64, 128, 256, 1};
        return build("dcgan32", numClasses, channels, 32, gOut, new int[] {1, 2, 2, 2}, new int[] {0, 1, 1, 1},
                dOut, new int[] {2, 2, 2, 1}, new int[] {1, 1, 1, 0});
    }

    /**
     * Mirza and Osindero's (2014) MNIST model, 28×28 images flattened, values in [0, 1]:
     * <ul>
     *   <li>G: noise z of 100 drawn uniformly from the unit hypercube [0, 1)^100 → Linear 200 + ReLU; the one-hot
     *       label → Linear 1000 + ReLU; both concatenated (1200) → Linear 1200 + ReLU → Dropout(0.5) → Linear
     *       {@code 784 × channels} + Sigmoid.</li>
     *   <li>D: the image → Maxout 240 units × 5 pieces → Dropout(0.5); the label → Maxout 50 × 5 → Dropout(0.5);
     *       both concatenated (290) → Maxout 240 × 4 → Dropout(0.5) → Linear 1 + Sigmoid.</li>
     * </ul>
     * The paper says only that dropout 0.5 was applied to both networks; here it follows every hidden layer that
     * feeds the next section (G's joint hidden layer, each D hidden layer). All linear and maxout layers have biases.
     * Each Dropout has its own fixed mask seed (101, 201, 202, 203), so masks do not depend on the training seed.
     */
    public static ModelSpec mlp(int numClasses, int channels) {
        requireClasses(numClasses);
        int size = 28;
        int pixels = channels * size * size;
        NetworkSpec g = NetworkSpec.branched("generator", "noise",
                List.of(new Linear(Z_DIM, 200, true), new ReLU()),
                List.of(new Linear(numClasses, 1000, true), new ReLU()),
                List.of(new Linear(1200, 1200, true), new ReLU(), new Dropout(MLP_DROPOUT, 101),
                        new Linear(1200, pixels, true), new Sigmoid()));
        NetworkSpec d = NetworkSpec.branched("discriminator", "image",
                List.of(new Maxout(pixels, 240, 5), new Dropout(MLP_DROPOUT, 201)),
                List.of(new Maxout(numClasses, 50, 5), new Dropout(MLP_DROPOUT, 202)),
                List.of(new Maxout(290, 240, 4), new Dropout(MLP_DROPOUT, 203), new Linear(240, 1, true),
                        new Sigmoid()));
        return new ModelSpec("mlp", Z_DIM, numClasses, channels, size, g, d, ModelSpec.Noise.UNIFORM,
                ModelSpec.PixelRange.UNIT);
    }

    /** Noise dimension of the SNGAN models (Miyato &amp; Koyama's 128). */
    public static final int SNGAN_Z_DIM = 128;

    /** Channels of every block of sngan32, generator and discriminator alike. */
    public static final int SNGAN32_WIDTH = 64;

    /**
     * Miyato &amp; Koyama's (2018) conditional SNGAN at 32×32 (their CIFAR-10 ResNets), narrowed to
     * {@value #SNGAN32_WIDTH} channels so that a 2-core CPU trains it (the paper: 256 in G, 128 in D):
     * <ul>
     *   <li>G: noise z of {@value #SNGAN_Z_DIM}, N(0, 1) → Linear {@code 4·4·64} → 4×4 maps → three residual up-blocks
     *       (main: conditional BatchNorm, ReLU, nearest ×2, 3×3 conv, conditional BatchNorm, ReLU, 3×3 conv;
     *       shortcut: nearest ×2, 1×1 conv) to 32×32 → BatchNorm, ReLU, 3×3 conv to the image channels, Tanh. The
     *       label enters only through the conditional BatchNorms.</li>
     *   <li>D: every conv and linear layer spectrally normalised; a first block (main: 3×3 conv, ReLU, 3×3 conv,
     *       2×2 average pool; shortcut: pool, 1×1 conv), a down-block (main: ReLU, conv, ReLU, conv, pool;
     *       shortcut: 1×1 conv, pool) to 8×8, two blocks without pooling and identity shortcuts, ReLU, then the
     *       projection output {@code psi(phi(x)) + <embed(y), phi(x)>} with {@code phi} the sum over the 8×8 maps,
     *       {@code psi} a Linear 64 → 1 and {@code embed} a class embedding of 64 (not spectrally normalised: the
     *       engines' SpectralNorm wraps Conv2d, ConvTranspose2d and Linear). Raw scores, so the hinge loss.</li>
     * </ul>
     * The discriminator's convolutions and linear layer have biases, as in the paper's code; in the generator only the
     * last convolution has one, since a BatchNorm follows every other layer and would cancel a bias (whose gradient
     * is then 0: Adam would move it on rounding noise alone).
     */
    public static ModelSpec sngan32(int numClasses, int channels) {
        requireClasses(numClasses);
        int w = SNGAN32_WIDTH;
        return sngan("sngan32", numClasses, channels, 32, new int[] {w, w, w, w}, new int[] {w, w, w, w},
                new boolean[] {true, true, false, false});
    }

    /**
     * {@link #sngan32} at 64×64 for RGB image folders: G from 4×4×256 through four up-blocks of 128, 64, 32 and 32
     * channels to 64×64; D through a first block of 32 channels and down-blocks of 64, 128 and 256 to 4×4, one block
     * of 256 without pooling, then the projection output (the paper's 64×64 models have the same shape at 16 times
     * the width).
     */
    public static ModelSpec sngan64(int numClasses, int channels) {
        requireClasses(numClasses);
        return sngan("sngan64", numClasses, channels, 64, new int[] {256, 128, 64, 32, 32},
                new int[] {32, 64, 128, 256, 256}, new boolean[] {true, true, true, true, false});
    }

    /**
     * An SNGAN pair: the generator's widths {@code g} (the first after the Linear, one up-block per following one),
     * the discriminator's {@code d} (the first block's output, one block per following one) with {@code down} saying
     * which blocks pool.
     */
    private static ModelSpec sngan(String name, int classes, int channels, int size, int[] g, int[] d,
                                   boolean[] down) {
        int bottom = 4;
        List<Block> gen = new ArrayList<>();
        // No bias before a BatchNorm, which would cancel it (its gradient is 0): only the last conv has one.
        gen.add(new Block.Op(new Linear(SNGAN_Z_DIM, bottom * bottom * g[0], false)));
        gen.add(new Block.Unflatten(g[0], bottom, bottom));
        for (int i = 1; i < g.length; i++) {
            gen.add(new Block.Residual(
                    Block.Chain.of(new ConditionalBatchNorm2d(g[i - 1], classes), new ReLU(), Upsample.nearest2x(),
                            new Conv2d(g[i - 1], g[i], 3, 1, 1, false), new ConditionalBatchNorm2d(g[i], classes),
                            new ReLU(), new Conv2d(g[i], g[i], 3, 1, 1, false)),
                    Block.Chain.of(Upsample.nearest2x(), new Conv2d(g[i - 1], g[i], 1, 1, 0, false))));
        }
        int last = g[g.length - 1];
        gen.add(new Block.Op(new BatchNorm2d(last)));
        gen.add(new Block.Op(new ReLU()));
        gen.add(new Block.Op(new Conv2d(last, channels, 3, 1, 1, true)));
        gen.add(new Block.Op(new Tanh()));

        List<Block> dis = new ArrayList<>();
        dis.add(new Block.Residual(
                Block.Chain.of(sn(new Conv2d(channels, d[0], 3, 1, 1, true)), new ReLU(),
                        sn(new Conv2d(d[0], d[0], 3, 1, 1, true)), AvgPool2d.halving()),
                Block.Chain.of(AvgPool2d.halving(), sn(new Conv2d(channels, d[0], 1, 1, 0, true)))));
        for (int i = 1; i < d.length; i++) {
            List<LayerSpec> main = new ArrayList<>(List.of(new ReLU(), sn(new Conv2d(d[i - 1], d[i], 3, 1, 1, true)),
                    new ReLU(), sn(new Conv2d(d[i], d[i], 3, 1, 1, true))));
            List<LayerSpec> shortcut = new ArrayList<>();
            if (d[i - 1] != d[i] || down[i]) {
                shortcut.add(sn(new Conv2d(d[i - 1], d[i], 1, 1, 0, true)));
            }
            if (down[i]) {
                main.add(AvgPool2d.halving());
                shortcut.add(AvgPool2d.halving());
            }
            dis.add(new Block.Residual(Block.Chain.of(main.toArray(LayerSpec[]::new)),
                    shortcut.isEmpty() ? null : Block.Chain.of(shortcut.toArray(LayerSpec[]::new))));
        }
        dis.add(new Block.Op(new ReLU()));
        int features = d[d.length - 1];
        Block.Projection head = new Block.Projection(new Block.Chain(dis), sn(new Linear(features, 1, true)),
                new Embedding(classes, features));
        return new ModelSpec(name, SNGAN_Z_DIM, classes, channels, size,
                NetworkSpec.blocks("generator", new Block.Chain(gen)), NetworkSpec.blocks("discriminator", head));
    }

    private static LayerSpec sn(LayerSpec layer) {
        return new SpectralNorm(layer);
    }

    private static ModelSpec build(String name, int classes, int channels, int size, int[] gOut, int[] gStride,
                                   int[] gPad, int[] dOut, int[] dStride, int[] dPad) {
        List<LayerSpec> g = new ArrayList<>();
        int in = Z_DIM + classes;
        for (int i = 0; i < gOut.length; i++) {
            g.add(new ConvTranspose2d(in, gOut[i], 4, gStride[i], gPad[i], false));
            boolean last = i == gOut.length - 1;
            if (!last) {
                g.add(new BatchNorm2d(gOut[i]));
                g.add(new ReLU());
            } else {
                g.add(new Tanh());
            }
            in = gOut[i];
        }
        List<LayerSpec> d = new ArrayList<>();
        in = channels + classes;
        for (int i = 0; i < dOut.length; i++) {
            d.add(new Conv2d(in, dOut[i], 4, dStride[i], dPad[i], false));
            boolean first = i == 0;
            boolean last = i == dOut.length - 1;
            if (last) {
                d.add(new Sigmoid());
            } else {
                if (!first) {
                    d.add(new BatchNorm2d(dOut[i]));
                }
                d.add(new LeakyReLU(LEAKY_SLOPE));
            }
            in = dOut[i];
        }
        return new ModelSpec(name, Z_DIM, classes, channels, size, new NetworkSpec("generator", g),
                new NetworkSpec("discriminator", d));
    }

    private static void requireClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("a conditional model needs at least 1 class, got " + numClasses);
        }
    }
}
