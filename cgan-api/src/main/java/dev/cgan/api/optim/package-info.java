/** Optimizer specifications with PyTorch's exact update rules, and the optimizers backends build from them. */
package dev.cgan.api.optim;
