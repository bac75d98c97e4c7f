package dev.cgan.cli;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import java.util.List;

/** A backend that only describes itself: enough for selection, listing and error paths. */
record StandInBackend(String name, int priority, Availability availability, List<Device> devices)
        implements Backend {

    static StandInBackend available(String name, int priority, Device... devices) {
        return new StandInBackend(name, priority, Availability.available(name + " found"), List.of(devices));
    }

    static StandInBackend unavailable(String name, int priority, String reason) {
        return new StandInBackend(name, priority, Availability.unavailable(reason), List.of());
    }

    @Override
    public String description() {
        return "stand-in backend " + name;
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        throw new BackendUnavailableException("stand-in backend " + name + " cannot compute");
    }
}
