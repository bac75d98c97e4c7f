// Optimizer updates, element-wise and in place, with torch.optim's exact formulas and rounding order.

// torch.optim.Adam (no weight decay, no amsgrad) at step t: the host passes step_size = lr / (1 - beta1^t),
// bias_correction2_sqrt = sqrt(1 - beta2^t), and the weights 1 - beta1 and 1 - beta2, all computed in double and rounded
// once to float, as PyTorch turns its Python scalars into float32 (1.0f - 0.999f would be 1.3e-5 off 0.001f).
// exp_avg follows lerp(m, g, 1 - beta1) in libtorch's two forms (by the size of the weight).
extern "C" __global__ void adam_step(float* param, const float* grad, float* exp_avg, float* exp_avg_sq,
                                     float beta2, float one_minus_beta1, float one_minus_beta2,
                                     float step_size, float bias_correction2_sqrt, float eps, int n) {
    const float weight = one_minus_beta1;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const float g = grad[i];
        float m = exp_avg[i];
        m = fabsf(weight) < 0.5f ? m + weight * (g - m) : g - (g - m) * (1.0f - weight);
        float v = exp_avg_sq[i] * beta2 + one_minus_beta2 * (g * g);
        const float denominator = sqrtf(v) / bias_correction2_sqrt + eps;
        param[i] = param[i] + (-step_size) * (m / denominator);
        exp_avg[i] = m;
        exp_avg_sq[i] = v;
    }
}

// torch.optim.SGD with momentum (dampening 0, no Nesterov): b = g on the first step, else momentum * b + g;
// then p = p - lr * b.
extern "C" __global__ void sgd_step(float* param, const float* grad, float* momentum_buffer, float lr,
                                    float momentum, int first, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const float b = first ? grad[i] : momentum_buffer[i] * momentum + grad[i];
        momentum_buffer[i] = b;
        param[i] = param[i] + (-lr) * b;
    }
}
