/**
 * Measuring generators: a classifier trained on the real data ({@link dev.cgan.core.eval.Classifier}), the label
 * accuracy of generated samples and the Fréchet distance of features ({@link dev.cgan.core.eval.Evaluator}).
 */
package dev.cgan.core.eval;
