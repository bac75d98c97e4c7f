package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.AdamStep;
import dev.cgan.api.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend's host-side arithmetic: launch geometry, allocation sizes, layouts, compiler options, Adam scalars. */
class HostLogicTest {

    @Test
    void elementwiseLaunchesCoverEveryElementAndStayWithinTheGridLimit() {
        assertEquals(new LaunchGeometry(1, 256), LaunchGeometry.elementwise(0));
        assertEquals(new LaunchGeometry(1, 256), LaunchGeometry.elementwise(256));
        assertEquals(new LaunchGeometry(2, 256), LaunchGeometry.elementwise(257));
        // 64 x 3 x 64 x 64 images: one thread per element.
        assertEquals(3072, LaunchGeometry.elementwise(64L * 3 * 64 * 64).blocks());
        // Beyond the cap the grid-stride loop covers the rest.
        assertEquals(LaunchGeometry.MAX_BLOCKS, LaunchGeometry.elementwise(1L << 30).blocks());
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.elementwise(-1));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.count(1L << 31));
        assertEquals(new LaunchGeometry(512, 256), LaunchGeometry.perOutput(512));
    }

    @Test
    void reductionBlocksMatchTheKernelsSharedArrays() {
        for (KernelSource source : List.of(KernelSource.REDUCTION, KernelSource.LOSS, KernelSource.BATCHNORM,
                KernelSource.AUGMENT)) {
            assertTrue(source.read().matches("(?s).*#define \\w+_THREADS " + LaunchGeometry.REDUCE_THREADS + "\\b.*"),
                    source.file() + " sizes its shared array for " + LaunchGeometry.REDUCE_THREADS + " threads");
        }
    }

    @Test
    void allocationsAreRoundedToCudaAlignment() {
        assertEquals(256, DeviceMemory.rounded(0));
        assertEquals(256, DeviceMemory.rounded(4));
        assertEquals(512, DeviceMemory.rounded(257));
        assertEquals(64L * 512 * 4 * 4 * 4, DeviceMemory.rounded(64L * 512 * 4 * 4 * 4));
    }

    @Test
    void nvrtcCompilesCubinForTheDevicesOwnArchitectureWithoutFma() {
        assertEquals(List.of("--gpu-architecture=sm_90", "--fmad=false", "--std=c++17"),
                KernelLibrary.compileOptions(9, 0));
        assertEquals("--gpu-architecture=sm_86", KernelLibrary.compileOptions(8, 6).get(0));
        assertThrows(IllegalArgumentException.class, () -> KernelLibrary.compileOptions(0, 0));
    }

    @Test
    void channelConcatenationSeesTrailingDimensionsAsOne() {
        ChannelLayout l = ChannelLayout.concat(Shape.of(2, 3, 8, 8), Shape.of(2, 10, 8, 8));
        assertEquals(Shape.of(2, 13, 8, 8), l.output());
        assertEquals(64, l.spatial());
        assertEquals(3, l.channelsA());
        assertEquals(10, l.channelsB());
        ChannelLayout flat = ChannelLayout.concat(Shape.of(4, 100, 1, 1), Shape.of(4, 10, 1, 1));
        assertEquals(Shape.of(4, 110, 1, 1), flat.output());
        assertEquals(1, flat.spatial());
        ChannelLayout vectors = ChannelLayout.concat(Shape.of(4, 100), Shape.of(4, 10));
        assertEquals(Shape.of(4, 110), vectors.output());
        assertEquals(1, vectors.spatial());
    }

    @Test
    void adamScalarsFollowTorchOptimRoundedOnceToFloat() {
        // lr 2e-4, betas (0.5, 0.999): step 1 divides by 1 - 0.5 and by sqrt(1 - 0.999); CudaAdam passes the kit's
        // double scalars to the kernel narrowed to float.
        AdamStep first = AdamStep.of(OptimizerSpec.Adam.dcgan(), 1);
        assertEquals(4e-4f, (float) first.stepSize(), 0f);
        assertEquals((float) Math.sqrt(0.001), (float) first.biasCorrection2Sqrt(), 0f);
        // Late steps: the corrections vanish.
        AdamStep late = AdamStep.of(OptimizerSpec.Adam.dcgan(), 100_000);
        assertEquals(2e-4f, (float) late.stepSize(), 0f);
        assertEquals(1f, (float) late.biasCorrection2Sqrt(), 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> AdamStep.of(OptimizerSpec.Adam.dcgan(), 0));
    }
}
