package dev.cgan.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.UnknownBackendException;
import dev.cgan.core.data.DatasetException;
import dev.cgan.core.output.RunDirectoryException;
import dev.cgan.core.parallel.CollectiveException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into what a user should see: one line on stderr, {@code cgan-cli: error: <what and what to do>},
 * and an exit code from {@link ExitCodes}. The stack trace is printed only with {@code --verbose}; for a user's
 * mistake it is noise, and for a bug the message plus the hint to rerun with {@code --verbose} is enough to report it.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final String PREFIX = "cgan-cli: error: ";

    private final boolean verbose;

    CliErrors(boolean verbose) {
        this.verbose = verbose;
    }

    /** Errors in the command line itself (unknown option, a number that is not one). */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String help = cmd.getCommandSpec().qualifiedName() + " --help";
        err.println(PREFIX + oneLine(e.getMessage()) + " (see '" + help + "')");
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Errors while a command runs. */
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        return report(e, cmd.getErr());
    }

    /** Prints the error line for {@code failure} and returns its exit code. */
    int report(Throwable failure, PrintWriter err) {
        Throwable e = unwrap(failure);
        int code = exitCode(e);
        String message = oneLine(e.getMessage());
        if (code == ExitCodes.FAILURE) {
            message = (message.isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + message)
                    + (verbose ? "" : " (rerun with --verbose for the stack trace)");
        }
        err.println(PREFIX + message);
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof UsageException || e instanceof UnknownBackendException || e instanceof DatasetException
                || e instanceof RunDirectoryException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof CollectiveException) {
            return ExitCodes.RANK_FAILED;
        }
        if (e instanceof BackendUnavailableException || e instanceof UnsupportedOperationException) {
            return ExitCodes.BACKEND_UNAVAILABLE;
        }
        return ExitCodes.FAILURE;
    }

    /** Guice wraps what its providers throw; the user wants the original. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ProvisionException || t instanceof CreationException
                || t instanceof ConfigurationException || t instanceof java.lang.reflect.InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The first line of a message: multi-line engine messages would break the one-line promise. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
