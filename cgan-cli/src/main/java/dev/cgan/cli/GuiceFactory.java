package dev.cgan.cli;

import com.google.inject.Injector;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Lets picocli create cgan's commands through Guice, so a command's constructor receives what it needs (the backend
 * registry, the console) instead of reaching for globals. picocli's own helper classes still come from picocli's
 * factory: they live in a module that is not open to Guice.
 */
final class GuiceFactory implements IFactory {

    private final Injector injector;
    private final IFactory fallback = CommandLine.defaultFactory();

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls.getModule() == GuiceFactory.class.getModule() && !cls.isInterface()) {
            return injector.getInstance(cls);
        }
        return fallback.create(cls);
    }
}
