// Reductions of the CUDA backend. Each output element is reduced by one block of 256 threads in a fixed order, with
// double accumulators: deterministic, and at least as accurate as PyTorch's float32 sums.

#define REDUCE_THREADS 256

// Tree reduction of one value per thread; thread 0 receives the block's total.
__device__ double block_sum(double v) {
    __shared__ double partial[REDUCE_THREADS];
    partial[threadIdx.x] = v;
    __syncthreads();
    for (int stride = REDUCE_THREADS / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            partial[threadIdx.x] += partial[threadIdx.x + stride];
        }
        __syncthreads();
    }
    double total = partial[0];
    __syncthreads();
    return total;
}

// out[0] = sum(a) / divisor (1 for a sum, n for a mean); one block.
extern "C" __global__ void sum_all(const float* a, float* out, float divisor, int n) {
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += REDUCE_THREADS) {
        s += (double) a[i];
    }
    double total = block_sum(s);
    if (threadIdx.x == 0) {
        out[0] = (float) (total / (double) divisor);
    }
}

// out[0] = sum(a * b); one block.
extern "C" __global__ void dot_all(const float* a, const float* b, float* out, int n) {
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += REDUCE_THREADS) {
        s += (double) a[i] * (double) b[i];
    }
    double total = block_sum(s);
    if (threadIdx.x == 0) {
        out[0] = (float) total;
    }
}

// out[c] = sum over n and s of x[n, c, s], for x [N, C, S]; one block per channel c. Bias gradients of convolutions
// (S = H * W) and of linear layers (S = 1).
extern "C" __global__ void channel_sum(const float* x, float* out, int batch, int channels, int spatial) {
    const int c = blockIdx.x;
    const int count = batch * spatial;
    double s = 0.0;
    for (int j = threadIdx.x; j < count; j += REDUCE_THREADS) {
        const int n = j / spatial;
        const int k = j % spatial;
        s += (double) x[((long) n * channels + c) * spatial + k];
    }
    double total = block_sum(s);
    if (threadIdx.x == 0) {
        out[c] = (float) total;
    }
}

// out[r] = sum over k of x[r, k], for x [R, K]; one block per row. The gradient of a label broadcast.
extern "C" __global__ void row_sum(const float* x, float* out, int columns) {
    const int r = blockIdx.x;
    double s = 0.0;
    for (int k = threadIdx.x; k < columns; k += REDUCE_THREADS) {
        s += (double) x[(long) r * columns + k];
    }
    double total = block_sum(s);
    if (threadIdx.x == 0) {
        out[r] = (float) total;
    }
}

// out[r] = sum over k of a[r, k] * b[r, k], for a, b [R, K]; one block per row. The per-sample inner product of a
// projection discriminator (TensorOps.rowDot).
extern "C" __global__ void row_dot(const float* a, const float* b, float* out, int columns) {
    const int r = blockIdx.x;
    double s = 0.0;
    for (int k = threadIdx.x; k < columns; k += REDUCE_THREADS) {
        const long i = (long) r * columns + k;
        s += (double) a[i] * (double) b[i];
    }
    double total = block_sum(s);
    if (threadIdx.x == 0) {
        out[r] = (float) total;
    }
}
