package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Batch normalisation over {@code [N, C, H, W]} per channel, with PyTorch's semantics.
 *
 * <ul>
 *   <li>Training: normalise with the batch mean and the <em>biased</em> batch variance, then update
 *       {@code running = (1 - momentum) * running + momentum * batch}, using the <em>unbiased</em> variance
 *       ({@code n / (n - 1)}) for {@code running_var}.</li>
 *   <li>Evaluation: normalise with the running statistics; nothing is updated.</li>
 * </ul>
 * Parameters {@code weight} (gamma) and {@code bias} (beta), buffers {@code running_mean} and {@code running_var},
 * all {@code [features]}.
 *
 * @param features the number of channels
 * @param momentum PyTorch's momentum: the weight of the new batch statistic (0.1 by default)
 * @param eps      added to the variance before the square root (1e-5 by default)
 */
public record BatchNorm2d(int features, double momentum, double eps) implements LayerSpec {

    public BatchNorm2d {
        SpatialGeometry.requirePositive("BatchNorm2d features", features);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm2d momentum must be in [0, 1], got " + momentum);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm2d eps must be > 0, got " + eps);
        }
    }

    /** PyTorch's defaults: momentum 0.1, eps 1e-5. */
    public BatchNorm2d(int features) {
        this(features, 0.1, 1e-5);
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("weight", Shape.of(features));
        p.put("bias", Shape.of(features));
        return p;
    }

    @Override
    public Map<String, Shape> bufferShapes() {
        Map<String, Shape> b = new LinkedHashMap<>();
        b.put("running_mean", Shape.of(features));
        b.put("running_var", Shape.of(features));
        return b;
    }

    @Override
    public Shape outputShape(Shape input) {
        SpatialGeometry.requireImage(input, features, "BatchNorm2d");
        return input;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.batchNorm2d(this);
    }
}
