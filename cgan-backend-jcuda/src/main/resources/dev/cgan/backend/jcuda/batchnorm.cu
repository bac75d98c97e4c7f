// The parts of BatchNorm2d that cuDNN's calls do not do with PyTorch's semantics: the running-statistics update
// (PyTorch uses the unbiased batch variance, computed here exactly in double) and the backward pass in eval mode
// (normalisation by the running statistics, which cuDNN's backward call does not cover). One block per channel.

#define BN_THREADS 256

__device__ double bn_block_sum(double v) {
    __shared__ double partial[BN_THREADS];
    partial[threadIdx.x] = v;
    __syncthreads();
    for (int stride = BN_THREADS / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            partial[threadIdx.x] += partial[threadIdx.x + stride];
        }
        __syncthreads();
    }
    double total = partial[0];
    __syncthreads();
    return total;
}

// running = (1 - momentum) * running + momentum * batch statistic, with the unbiased variance for running_var.
// x is [N, C, S]; count = N * S > 1 (checked by the host).
extern "C" __global__ void bn_update_running(const float* x, float* running_mean, float* running_var, float momentum,
                                             int batch, int channels, int spatial) {
    const int c = blockIdx.x;
    const int count = batch * spatial;
    double s = 0.0;
    for (int j = threadIdx.x; j < count; j += BN_THREADS) {
        s += (double) x[((long) (j / spatial) * channels + c) * spatial + j % spatial];
    }
    const double mean = bn_block_sum(s) / count;
    double d = 0.0;
    for (int j = threadIdx.x; j < count; j += BN_THREADS) {
        const double e = (double) x[((long) (j / spatial) * channels + c) * spatial + j % spatial] - mean;
        d += e * e;
    }
    const double unbiased = bn_block_sum(d) / (count - 1);
    if (threadIdx.x == 0) {
        running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * (float) mean;
        running_var[c] = (1.0f - momentum) * running_var[c] + momentum * (float) unbiased;
    }
}

// Eval mode, y = (x - rm) / sqrt(rv + eps) * gamma + beta with constant statistics:
// dx = dy * gamma / sqrt(rv + eps), dgamma = sum(dy * (x - rm) / sqrt(rv + eps)), dbeta = sum(dy).
extern "C" __global__ void bn_eval_backward(const float* x, const float* dy, const float* running_mean,
                                            const float* running_var, const float* gamma, float* dx, float* dgamma,
                                            float* dbeta, float eps, int batch, int channels, int spatial) {
    const int c = blockIdx.x;
    const int count = batch * spatial;
    const float inv_std = 1.0f / sqrtf(running_var[c] + eps);
    const float mean = running_mean[c];
    const float scale = gamma[c] * inv_std;
    double sg = 0.0;
    double sb = 0.0;
    for (int j = threadIdx.x; j < count; j += BN_THREADS) {
        const long i = ((long) (j / spatial) * channels + c) * spatial + j % spatial;
        dx[i] = dy[i] * scale;
        sg += (double) dy[i] * (double) ((x[i] - mean) * inv_std);
        sb += (double) dy[i];
    }
    const double total_g = bn_block_sum(sg);
    const double total_b = bn_block_sum(sb);
    if (threadIdx.x == 0) {
        dgamma[c] = (float) total_g;
        dbeta[c] = (float) total_b;
    }
}

// ConditionalBatchNorm2d's per-sample scale and shift of each channel plane (planes = N * C of `spatial` values each;
// gamma and beta [N, C] hold one value per plane): y = xhat * gamma[p] + beta[p]. n = planes * spatial.
extern "C" __global__ void plane_scale_shift(const float* xhat, const float* gamma, const float* beta, float* y,
                                             int spatial, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const int p = i / spatial;
        y[i] = xhat[i] * gamma[p] + beta[p];
    }
}

// Its gradient for xhat: dxhat = g * gamma[p]. n = planes * spatial.
extern "C" __global__ void plane_scale_backward(const float* g, const float* gamma, float* dxhat, int spatial, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        dxhat[i] = g[i] * gamma[i / spatial];
    }
}

// Its gradients for gamma and beta: the plane sums dgamma[p] = sum g * xhat, dbeta[p] = sum g, in double. One block
// per plane.
extern "C" __global__ void plane_scale_shift_sums(const float* g, const float* xhat, float* dgamma, float* dbeta,
                                                  int spatial) {
    const long long base = (long long) blockIdx.x * spatial;
    double sgx = 0.0;
    double sg = 0.0;
    for (int s = threadIdx.x; s < spatial; s += BN_THREADS) {
        const float up = g[base + s];
        sgx += (double) up * (double) xhat[base + s];
        sg += (double) up;
    }
    const double totalGx = bn_block_sum(sgx);
    const double totalG = bn_block_sum(sg);
    if (threadIdx.x == 0) {
        dgamma[blockIdx.x] = (float) totalGx;
        dbeta[blockIdx.x] = (float) totalG;
    }
}
