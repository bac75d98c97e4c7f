package dev.cgan.cli;

/** The process exit codes of {@code cgan-cli}, as documented in its help text. */
final class ExitCodes {

    /** The command did what was asked. */
    static final int OK = 0;
    /** Something unexpected failed (a bug, or an engine error): the message says what. */
    static final int FAILURE = 1;
    /**
     * The command line or its inputs are wrong: unknown option, model, backend or conformance case; missing or corrupt
     * data or checkpoint; an output directory that cannot be written, or that filled up during the run.
     */
    static final int USAGE = 2;
    /** The backend or device asked for cannot be used on this machine. */
    static final int BACKEND_UNAVAILABLE = 3;
    /** Training diverged (a loss became NaN or infinite); the last good checkpoint is kept. */
    static final int DIVERGED = 4;
    /** {@code conformance}: the backend failed a case, or passes one it lists as unsupported. */
    static final int NONCONFORMING = 5;
    static final int RANK_FAILED = 6;
    /** Stopped by Ctrl-C (SIGINT) after writing a checkpoint: 128 + signal 2, as shells expect. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The lines of the help text's "Exit codes" section, in picocli's {@code key:description} form. */
    static final String[] HELP = {
        "0:finished",
        "1:unexpected failure (the message says what; --verbose shows the stack trace)",
        "2:bad command line or input: unknown option, model, backend or conformance case; missing or corrupt --data "
                + "or --resume checkpoint; unwritable or full --out",
        "3:backend or device unavailable on this machine",
        "4:training diverged (a loss became NaN or infinite)",
        "5:conformance: the backend failed a case (or passes one it lists as unsupported)",
        "6:data-parallel training: another rank died, hung or never joined (the message names it)",
        "130:interrupted with Ctrl-C (a checkpoint was written first)",
    };
}
