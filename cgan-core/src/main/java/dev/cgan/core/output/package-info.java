/** What a run leaves for a person: sample grids, loss curves, metrics, the run directory. */
package dev.cgan.core.output;
