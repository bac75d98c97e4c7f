/** Recording operations and back-propagating gradients. */
package dev.cgan.api.autograd;
