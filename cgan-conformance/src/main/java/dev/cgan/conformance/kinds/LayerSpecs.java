package dev.cgan.conformance.kinds;

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
import dev.cgan.conformance.fixtures.SpecObject;

/** Layer specs as fixtures write them (FIXTURES.md, kind {@code layer}) turned into the API's records. */
final class LayerSpecs {

    private LayerSpecs() {
    }

    static LayerSpec fromJson(SpecObject s) {
        String type = s.string("type");
        return switch (type) {
            case "Conv2d" -> new Conv2d(s.integer("in"), s.integer("out"), s.integer("kernel"), s.integer("stride"),
                    s.integer("padding"), s.bool("bias"));
            case "ConvTranspose2d" -> new ConvTranspose2d(s.integer("in"), s.integer("out"), s.integer("kernel"),
                    s.integer("stride"), s.integer("padding"), s.bool("bias"));
            case "BatchNorm2d" -> new BatchNorm2d(s.integer("features"), s.number("momentum"), s.number("eps"));
            case "Linear" -> new Linear(s.integer("in"), s.integer("out"), s.bool("bias"));
            case "Maxout" -> new Maxout(s.integer("in"), s.integer("units"), s.integer("pieces"));
            case "Dropout" -> new Dropout(s.number("p"), s.longInteger("seed"));
            case "ReLU" -> new ReLU();
            case "LeakyReLU" -> new LeakyReLU(s.number("slope"));
            case "Tanh" -> new Tanh();
            case "Sigmoid" -> new Sigmoid();
            case "Upsample" -> new Upsample(s.integer("scale"));
            case "AvgPool2d" -> new AvgPool2d(s.integer("kernel"));
            case "Embedding" -> new Embedding(s.integer("classes"), s.integer("dim"));
            case "ConditionalBatchNorm2d" -> new ConditionalBatchNorm2d(s.integer("features"), s.integer("classes"),
                    s.number("momentum"), s.number("eps"));
            case "SpectralNorm" -> new SpectralNorm(fromJson(s.object("layer")));
            default -> throw new IllegalArgumentException(s.what() + ": unknown layer type '" + type + "'");
        };
    }
}
