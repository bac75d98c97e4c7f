package dev.cgan.cli;

import dev.cgan.core.data.Dataset;
import dev.cgan.core.data.ImageFolderDataset;
import java.io.PrintWriter;
import java.util.List;

/** Shows which files of an image-folder dataset were skipped, a line each, the first few of them. */
final class DataWarnings {

    /** Skipped files listed by name; beyond that only their number is given. */
    static final int SHOWN = 10;

    static final String PREFIX = "cgan-cli: warning: ";

    private DataWarnings() {
    }

    static void print(Dataset dataset, PrintWriter err) {
        if (!(dataset instanceof ImageFolderDataset folders) || folders.warnings().isEmpty()) {
            return;
        }
        List<String> warnings = folders.warnings();
        for (int i = 0; i < Math.min(SHOWN, warnings.size()); i++) {
            err.println(PREFIX + warnings.get(i));
        }
        if (warnings.size() > SHOWN) {
            err.println(PREFIX + "... and " + (warnings.size() - SHOWN) + " more skipped files");
        }
        err.flush();
    }
}
