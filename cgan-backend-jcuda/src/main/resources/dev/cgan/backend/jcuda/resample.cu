// Resampling of [N, C, H, W] images, plane by plane (planes = N * C): nearest upsampling by an integer factor and
// average pooling over non-overlapping k x k windows.
// Every kernel writes each element of its output once (no atomics), so results do not depend on the launch.

#define GRID_STRIDE(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// torch.nn.Upsample(scale_factor=s, mode='nearest'): y[p, i, j] = x[p, i / s, j / s] for y of [planes, h*s, w*s].
// n = planes * h * s * w * s (y's size).
extern "C" __global__ void upsample_nearest_forward(const float* x, float* y, int h, int w, int s, int n) {
    const int ow = w * s;
    const int oh = h * s;
    GRID_STRIDE(k, n) {
        const int j = k % ow;
        const int i = (k / ow) % oh;
        const int p = k / (ow * oh);
        y[k] = x[((long long) p * h + i / s) * w + j / s];
    }
}

// Its gradient: dx[p, r, c] = sum over the s x s block of dy[p, r*s + a, c*s + b]. n = planes * h * w (dx's size).
extern "C" __global__ void upsample_nearest_backward(const float* dy, float* dx, int h, int w, int s, int n) {
    const int ow = w * s;
    GRID_STRIDE(k, n) {
        const int c = k % w;
        const int r = (k / w) % h;
        const int p = k / (w * h);
        const float* block = dy + ((long long) p * h * s + (long long) r * s) * ow + (long long) c * s;
        float sum = 0.0f;
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                sum += block[(long long) a * ow + b];
            }
        }
        dx[k] = sum;
    }
}

// torch.nn.AvgPool2d(k) (stride k, no padding, floor): y[p, i, j] = (1 / k^2) * sum over the window of
// x[p, i*k + a, j*k + b], for y of [planes, h / k, w / k]. n = y's size.
extern "C" __global__ void avgpool_forward(const float* x, float* y, int h, int w, int k, int n) {
    const int oh = h / k;
    const int ow = w / k;
    const float area = (float) (k * k);
    GRID_STRIDE(o, n) {
        const int j = o % ow;
        const int i = (o / ow) % oh;
        const int p = o / (ow * oh);
        const float* window = x + ((long long) p * h + (long long) i * k) * w + (long long) j * k;
        float sum = 0.0f;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                sum += window[(long long) a * w + b];
            }
        }
        y[o] = sum / area;
    }
}

// Its gradient: dx[p, r, c] = dy[p, r / k, c / k] / k^2 inside the whole windows, 0 in the rows and columns past the
// last one. n = planes * h * w (dx's size).
extern "C" __global__ void avgpool_backward(const float* dy, float* dx, int h, int w, int k, int n) {
    const int oh = h / k;
    const int ow = w / k;
    const float area = (float) (k * k);
    GRID_STRIDE(e, n) {
        const int c = e % w;
        const int r = (e / w) % h;
        const int p = e / (w * h);
        const int i = r / k;
        const int j = c / k;
        dx[e] = i < oh && j < ow ? dy[((long long) p * oh + i) * ow + j] / area : 0.0f;
    }
}
