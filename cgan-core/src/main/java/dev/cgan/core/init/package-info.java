/** Seeded, backend-independent random numbers and DCGAN weight initialisation. */
package dev.cgan.core.init;
