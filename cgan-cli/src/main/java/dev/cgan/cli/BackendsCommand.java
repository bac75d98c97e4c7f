package dev.cgan.cli;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.Device;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli backends}: every backend found on the module path, highest priority first, whether it can run on
 * this machine (and if not, why), its devices and what it is built on; then which one {@code train} would use.
 */
@Command(name = "backends", sortOptions = false,
        description = "Lists the backends found, whether each can run here (and why not), and their devices.")
final class BackendsCommand implements Callable<Integer> {

    private final BackendRegistry registry;

    @Spec
    CommandSpec spec;

    @Inject
    BackendsCommand(BackendRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (registry.all().isEmpty()) {
            out.println("No backends found. Put a backend module (e.g. cgan-backend-djl) on the module path.");
            out.flush();
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("NAME", "PRIORITY", "AVAILABLE", "DEVICES", "DESCRIPTION", "DETAILS");
        for (Backend b : registry.all()) {
            Availability a = availability(b);
            table.row(b.name(), Integer.toString(b.priority()), a.available() ? "yes" : "no", devices(b, a),
                    b.description(), CliErrors.oneLine(a.reason()));
        }
        table.print(out);
        Optional<Backend> best = registry.best();
        out.println();
        out.println(best.map(b -> "Default backend: " + b.name() + " (the available backend of highest priority).")
                .orElse("No backend is available on this machine; the DETAILS column says why."));
        out.flush();
        return ExitCodes.OK;
    }

    /** The SPI promises availability() never throws; a listing must survive a backend that breaks the promise. */
    private static Availability availability(Backend b) {
        try {
            return b.availability();
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("availability check failed: " + e);
        }
    }

    private static String devices(Backend b, Availability a) {
        if (!a.available()) {
            return "-";
        }
        try {
            List<Device> devices = b.devices();
            return devices.isEmpty() ? "-" : devices.stream().map(Device::id).collect(Collectors.joining(", "));
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }
}
