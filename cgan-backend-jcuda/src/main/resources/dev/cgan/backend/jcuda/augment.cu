// DiffAugment's policies (color, translation, cutout) on [N, C, H, W] images and their gradients, with the per-sample
// random parameters drawn on the host and passed in as float arrays (small integers are exact in float).
// The color kernels reduce one sample per block of 256 threads with double accumulators; the others write each
// element of their output once (no atomics), so results do not depend on the launch.

#define AUGMENT_THREADS 256
#define GRID_STRIDE(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// Tree reduction of one value per thread; every thread receives the block's total.
__device__ double augment_block_sum(double v) {
    __shared__ double partial[AUGMENT_THREADS];
    partial[threadIdx.x] = v;
    __syncthreads();
    for (int stride = AUGMENT_THREADS / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            partial[threadIdx.x] += partial[threadIdx.x + stride];
        }
        __syncthreads();
    }
    double total = partial[0];
    __syncthreads();
    return total;
}

// The color policy, one block per sample n (params = [brightness | saturation | contrast], each `batch` long):
// y = x + b;  y = (y - mean over channels) * s + that mean;  y = (y - mean over C, H, W) * k + that mean.
extern "C" __global__ void augment_color_forward(const float* x, float* y, const float* params, int batch,
                                                 int channels, int plane) {
    const int n = blockIdx.x;
    const long long size = (long long) channels * plane;
    const long long base = n * size;
    const float b = params[n];
    const float s = params[batch + n];
    const float k = params[2 * batch + n];
    double part = 0.0;
    for (int p = threadIdx.x; p < plane; p += AUGMENT_THREADS) {
        double sum = 0.0;
        for (int c = 0; c < channels; c++) {
            sum += (double) (x[base + (long long) c * plane + p] + b);
        }
        const float mean = (float) (sum / channels);
        for (int c = 0; c < channels; c++) {
            const long long i = base + (long long) c * plane + p;
            const float v = ((x[i] + b) - mean) * s + mean;
            y[i] = v;
            part += (double) v;
        }
    }
    const float mean = (float) (augment_block_sum(part) / (double) size);
    for (long long i = threadIdx.x; i < size; i += AUGMENT_THREADS) {
        y[base + i] = (y[base + i] - mean) * k + mean;
    }
}

// Its input gradient, one block per sample: through the contrast (k g + (1 - k) mean(g) over the sample), then the
// saturation (s g' + (1 - s) mean(g') over each pixel's channels); the brightness shift passes it unchanged.
extern "C" __global__ void augment_color_backward(const float* g, float* dx, const float* params, int batch,
                                                  int channels, int plane) {
    const int n = blockIdx.x;
    const long long size = (long long) channels * plane;
    const long long base = n * size;
    const float s = params[batch + n];
    const float k = params[2 * batch + n];
    double part = 0.0;
    for (long long i = threadIdx.x; i < size; i += AUGMENT_THREADS) {
        part += (double) g[base + i];
    }
    const float spread = (float) ((1.0 - (double) k) * augment_block_sum(part) / (double) size);
    for (int p = threadIdx.x; p < plane; p += AUGMENT_THREADS) {
        double sum = 0.0;
        for (int c = 0; c < channels; c++) {
            sum += (double) (g[base + (long long) c * plane + p] * k + spread);
        }
        const float shared = (float) ((1.0 - (double) s) * sum / channels);
        for (int c = 0; c < channels; c++) {
            const long long i = base + (long long) c * plane + p;
            dx[i] = (g[i] * k + spread) * s + shared;
        }
    }
}

// Translation: y[n, c, i, j] = x[n, c, i + sign * rows[n], j + sign * cols[n]], 0 outside the image
// (shifts = [rows | cols], each `batch` long). sign 1 is the forward, -1 its gradient. n = total elements.
extern "C" __global__ void augment_translate(const float* x, float* y, const float* shifts, int batch, int channels,
                                             int height, int width, int sign, int n) {
    GRID_STRIDE(e, n) {
        const int j = e % width;
        const int i = (e / width) % height;
        const int plane = e / (width * height);
        const int sample = plane / channels;
        const int si = i + sign * (int) shifts[sample];
        const int sj = j + sign * (int) shifts[batch + sample];
        const bool inside = si >= 0 && si < height && sj >= 0 && sj < width;
        y[e] = inside ? x[((long long) plane * height + si) * width + sj] : 0.0f;
    }
}

// Cutout: y = x with rows top[n] ..< top[n] + cut_h and columns left[n] ..< left[n] + cut_w of every channel set to 0
// (corners = [top | left], each `batch` long): the forward, and equally its gradient. n = total elements.
extern "C" __global__ void augment_cutout(const float* x, float* y, const float* corners, int batch, int channels,
                                          int height, int width, int cut_h, int cut_w, int n) {
    GRID_STRIDE(e, n) {
        const int j = e % width;
        const int i = (e / width) % height;
        const int sample = e / (width * height) / channels;
        const int top = (int) corners[sample];
        const int left = (int) corners[batch + sample];
        const bool cut = i >= top && i < top + cut_h && j >= left && j < left + cut_w;
        y[e] = cut ? 0.0f : x[e];
    }
}
