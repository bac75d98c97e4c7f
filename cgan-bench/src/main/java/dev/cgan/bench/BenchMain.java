package dev.cgan.bench;

import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The bench jar's entry point: JMH's own command line, plus one default. Benchmarks with a {@code backend} parameter
 * run on every backend that {@link java.util.ServiceLoader} finds available here unless {@code -p backend=...} names
 * some, so a new backend on the class path is benchmarked without any change here.
 *
 * <pre>
 * java -jar cgan-bench/target/cgan-bench.jar TrainStep            # every available backend, both models
 * java -jar cgan-bench/target/cgan-bench.jar TrainStep -p backend=djl -p model=dcgan32 -f 1 -wi 2 -i 3
 * java -jar cgan-bench/target/cgan-bench.jar -l                   # the benchmarks
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("cgan-bench: error: " + e.getMessage() + " (-h lists the options)");
            System.exit(2);
            return;
        }
        if (cli.shouldHelp() || cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers()
                || cli.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (!cli.getParameter("backend").hasValue()
                || cli.getParameter("backend").get().contains(BenchBackends.AVAILABLE)) {
            List<String> available = BenchBackends.availableNames();
            if (available.isEmpty()) {
                System.err.println("cgan-bench: error: no backend is available here (`cgan-cli backends` says why)");
                System.exit(3);
                return;
            }
            System.out.println("# backends: " + String.join(", ", available));
            options.param("backend", available.toArray(String[]::new));
        }
        if (new Runner(options.build()).run().isEmpty()) {
            System.exit(1);
        }
    }
}
