package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.checkpoint.StateDict;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.StoredTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exponential moving average (EMA) of a generator's weights, as BigGAN-PyTorch and PyTorch-StudioGAN keep it
 * ({@link EmaSetting}): it starts as a copy of the initialised generator, and after the generator's optimizer step of
 * each iteration {@code i} every parameter <em>and BatchNorm running statistic</em> becomes
 * {@code ema = decay * ema + (1 - decay) * current} in float32 ({@code decay} 0, a copy, before the setting's start
 * iteration). The running statistics are averaged like the weights, not copied, because that is what those two
 * projects' {@code Ema.update} does for a BatchNorm generator (only {@code num_batches_tracked} is copied): the
 * averaged network then normalises with statistics that lag like its weights do.
 *
 * <p>The average lives on the host (one download of the generator per iteration, no upload); {@link #generator()}
 * loads it into a generator of its own on the backend when the run samples or evaluates. In a checkpoint it is a
 * complete generator state_dict under the prefix {@value StateDict#EMA_PREFIX} ({@code ema.generator.0.weight}, …,
 * {@code ema.generator.1.num_batches_tracked}), so that stripping the prefix gives what PyTorch's generator loads with
 * {@code strict=True}.
 */
public final class GeneratorAverage {

    private final ComputeContext context;
    private final ModelSpec model;
    private final Generator trained;
    private final EmaSetting setting;
    private final Map<String, float[]> average = new LinkedHashMap<>();
    private Generator averaged;
    private boolean loaded;

    /** Starts the average of {@code trained} (of {@code model}) as a copy of its current weights and buffers. */
    GeneratorAverage(ComputeContext context, ModelSpec model, Generator trained, EmaSetting setting) {
        if (!setting.isOn()) {
            throw new IllegalArgumentException("no moving average is asked for");
        }
        this.context = context;
        this.model = model;
        this.trained = trained;
        this.setting = setting;
        trained.network().state().forEach((name, tensor) -> average.put(name, tensor.toFloatArray()));
    }

    /** The setting this average follows. */
    public EmaSetting setting() {
        return setting;
    }

    /** Folds the trained generator's current weights and statistics in, after the optimizer step of {@code iteration}. */
    void update(long iteration) {
        float decay = (float) setting.decayAt(iteration);
        float rest = (float) (1 - setting.decayAt(iteration));
        for (Map.Entry<String, Tensor> e : trained.network().state().entrySet()) {
            float[] current = e.getValue().toFloatArray();
            float[] avg = average.get(e.getKey());
            if (decay == 0) {
                System.arraycopy(current, 0, avg, 0, avg.length);
            } else {
                for (int i = 0; i < avg.length; i++) {
                    avg[i] = decay * avg[i] + rest * current[i];
                }
            }
        }
        loaded = false;
    }

    /**
     * A generator on the backend holding the average (built at the first call, reloaded when the average has moved
     * since). Its forward passes may change its running statistics, as sampling in training mode does; the next
     * load puts the average back.
     */
    Generator generator() {
        if (averaged == null) {
            averaged = new Generator(context, model);
        }
        if (!loaded) {
            averaged.network().state().forEach((name, tensor) -> tensor.copyFrom(average.get(name)));
            loaded = true;
        }
        return averaged;
    }

    /** The average as checkpoint tensors under {@value StateDict#EMA_PREFIX}, in PyTorch's state_dict order. */
    Map<String, StoredTensor> tensors(long trainingForwardPasses) {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        for (var e : GeneratorCheckpoint.layout(model.generator()).entrySet()) {
            String name = StateDict.EMA_PREFIX + e.getKey();
            if (e.getValue().dtype() == DType.F32) {
                out.put(name, StoredTensor.ofFloats(e.getValue().shape(), average.get(e.getKey()).clone()));
            } else {
                out.put(name, StoredTensor.ofLongs(Shape.scalar(), new long[] {trainingForwardPasses}));
            }
        }
        return out;
    }

    /**
     * Loads the average from checkpoint tensors; every one is checked before any is copied.
     *
     * @param source names the file in messages
     * @throws CheckpointException if one is missing or of another type or shape
     */
    void restore(Map<String, StoredTensor> tensors, String source) {
        List<Runnable> copies = new ArrayList<>();
        for (var e : GeneratorCheckpoint.layout(model.generator()).entrySet()) {
            String name = StateDict.EMA_PREFIX + e.getKey();
            StoredTensor t = tensors.get(name);
            if (t == null) {
                throw new CheckpointException(source + " lacks " + name + "; it was not written by a run with this "
                        + "moving average of the generator");
            }
            if (t.dtype() != e.getValue().dtype() || !t.shape().equals(e.getValue().shape())) {
                throw new CheckpointException(source + ": " + name + " is " + t + " but this model needs "
                        + e.getValue().dtype() + e.getValue().shape() + "; the checkpoint is of another model");
            }
            if (t.dtype() == DType.F32) {
                float[] target = average.get(e.getKey());
                copies.add(() -> System.arraycopy(t.floats(), 0, target, 0, target.length));
            }
        }
        copies.forEach(Runnable::run);
        loaded = false;
    }
}
