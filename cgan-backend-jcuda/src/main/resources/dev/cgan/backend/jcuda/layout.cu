// Moving values between layouts: channel concatenation (and its split for the gradient) and label broadcasting.

#define GRID_STRIDE_LAYOUT(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// out [N, Ca + Cb, S] from a [N, Ca, S] and b [N, Cb, S]; n = N * (Ca + Cb) * S.
extern "C" __global__ void concat_channels(const float* a, const float* b, float* out, int ca, int cb, int spatial,
                                           int n) {
    const int c = ca + cb;
    GRID_STRIDE_LAYOUT(i, n) {
        const int s = i % spatial;
        const int ch = (i / spatial) % c;
        const int sample = i / (spatial * c);
        out[i] = ch < ca ? a[((long) sample * ca + ch) * spatial + s]
                         : b[((long) sample * cb + (ch - ca)) * spatial + s];
    }
}

// The gradient of concat_channels: da [N, Ca, S] and db [N, Cb, S] from g [N, Ca + Cb, S].
extern "C" __global__ void split_channels(const float* g, float* da, float* db, int ca, int cb, int spatial, int n) {
    const int c = ca + cb;
    GRID_STRIDE_LAYOUT(i, n) {
        const int s = i % spatial;
        const int ch = (i / spatial) % c;
        const int sample = i / (spatial * c);
        if (ch < ca) {
            da[((long) sample * ca + ch) * spatial + s] = g[i];
        } else {
            db[((long) sample * cb + (ch - ca)) * spatial + s] = g[i];
        }
    }
}

// out[n, c, s] = labels[n, c] for labels [N, C] and out [N, C, S]; n = N * C * S.
extern "C" __global__ void broadcast_labels(const float* labels, float* out, int spatial, int n) {
    GRID_STRIDE_LAYOUT(i, n) { out[i] = labels[i / spatial]; }
}

// col2im as a gather: image [N, C, H, W] from columns [N, C * k * k, OH * OW] (column c * k * k + kh * k + kw holds
// the tap (kh, kw) of channel c at every output position), for a k x k window with the given stride and padding.
// Each image element sums, in the fixed order kh, kw, the taps that read it, so the result does not depend on
// scheduling. With columns = W^T dY this is a convolution's input gradient, i.e. a transposed convolution.
extern "C" __global__ void col2im(const float* columns, float* image, int channels, int height, int width,
                                  int kernel, int stride, int padding, int out_height, int out_width, int n) {
    const int taps = kernel * kernel;
    const int positions = out_height * out_width;
    GRID_STRIDE_LAYOUT(i, n) {
        const int x = i % width;
        const int y = (i / width) % height;
        const int c = (i / (width * height)) % channels;
        const int sample = i / (width * height * channels);
        const float* base = columns + ((long) sample * channels + c) * taps * positions;
        float sum = 0.0f;
        for (int kh = 0; kh < kernel; kh++) {
            const int oy_scaled = y + padding - kh;
            if (oy_scaled < 0 || oy_scaled % stride != 0) {
                continue;
            }
            const int oy = oy_scaled / stride;
            if (oy >= out_height) {
                continue;
            }
            for (int kw = 0; kw < kernel; kw++) {
                const int ox_scaled = x + padding - kw;
                if (ox_scaled < 0 || ox_scaled % stride != 0) {
                    continue;
                }
                const int ox = ox_scaled / stride;
                if (ox >= out_width) {
                    continue;
                }
                sum += base[(long) (kh * kernel + kw) * positions + oy * out_width + ox];
            }
        }
        image[i] = sum;
    }
}
