import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Regenerates the figures of README.md and docs/*.md from the raw results committed under docs/results/ (JSON lines,
 * each with its date, machine, command and commit), so that no figure is typed by hand. A figure sits between marker
 * comments, which Markdown does not show:
 *
 * <pre>
 * &lt;!-- figure compare 2026-11-28b --&gt; ... &lt;!-- /figure --&gt;
 * </pre>
 *
 * Everything between the markers is replaced by what the named figure renders from the results. Run through
 * {@code scripts/figures} (rewrites the files) or {@code scripts/figures --check} (changes nothing; exit status 1 and
 * the first differing line of every stale figure when the docs do not match the results). The JDK alone runs it:
 * {@code java scripts/Figures.java [--check] [REPOSITORY_ROOT]}.
 *
 * <p>Figures:
 * <ul>
 *   <li>{@code compare LABEL}: the table and notes of the {@code compare.sh} run recorded with that label
 *       (docs/results/benchmarks.jsonl), computed as compare_table.py computes them: medians over rounds, a ratio
 *       column per PyTorch version, the share of the sgemm ceiling and of the oneDNN-measured f32 peak ("–" for runs
 *       recorded without one);</li>
 *   <li>{@code ratio LABEL BACKEND MODEL [newest [precise]]}: that backend's throughput over the oldest PyTorch's in
 *       that run (with {@code newest}, over the newest PyTorch's), to two decimals (with {@code precise}, three: for a
 *       ratio next to a threshold, where two decimals would round across it);</li>
 *   <li>{@code compare-source LABEL}: one sentence saying when, where, how and at which commit that run was made;</li>
 *   <li>{@code default-run-time}, {@code default-run-speed}, {@code default-run-source}: the newest default training
 *       run (docs/results/default-run.jsonl): its wall time, its images/s, and where it comes from;</li>
 *   <li>{@code soak LABEL}, {@code soak-drift LABEL}, {@code soak-speed LABEL}, {@code soak-source LABEL}: a soak run (docs/results/soak.jsonl,
 *       every iteration's resident memory and seconds) summarised as {@code scripts/soak} does: per window the median,
 *       range and last resident memory and the mean seconds, against the median of the warm-up's last window;</li>
 *   <li>{@code tests-count}, {@code tests-time}, {@code tests-source}: the newest run of CI's test command
 *       (docs/results/test-run.jsonl): how many tests, how long, and where it comes from.</li>
 * </ul>
 */
public final class Figures {

    private static final Pattern MARKER =
            Pattern.compile("<!-- figure ([a-z0-9-]+(?: [A-Za-z0-9._-]+)*) -->(.*?)<!-- /figure -->", Pattern.DOTALL);

    private final Map<String, List<Map<String, Object>>> results = new TreeMap<>();

    private Figures(Path resultsDirectory) throws IOException {
        try (Stream<Path> files = Files.list(resultsDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                List<Map<String, Object>> records = new ArrayList<>();
                int number = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    Object value = new Json(line, file.getFileName() + ":" + number).parse();
                    if (!(value instanceof Map<?, ?> map)) {
                        throw new IllegalArgumentException(file.getFileName() + ":" + number + ": not a JSON object");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> record = (Map<String, Object>) map;
                    for (String key : List.of("date", "machine", "command", "commit")) {
                        if (!record.containsKey(key)) {
                            throw new IllegalArgumentException(file.getFileName() + ":" + number + ": a result needs '"
                                    + key + "' (date, machine, command and commit say where a figure comes from)");
                        }
                    }
                    records.add(record);
                }
                results.put(file.getFileName().toString(), records);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        boolean check = false;
        Path root = Path.of(".");
        for (String arg : args) {
            if (arg.equals("--check")) {
                check = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println("usage: scripts/figures [--check] [REPOSITORY_ROOT]");
                return;
            } else if (arg.startsWith("-")) {
                fail("unknown option '" + arg + "' (usage: scripts/figures [--check] [REPOSITORY_ROOT])");
            } else {
                root = Path.of(arg);
            }
        }
        Path resultsDirectory = root.resolve("docs/results");
        if (!Files.isDirectory(resultsDirectory)) {
            fail(resultsDirectory + " not found: run from the repository root or name it");
        }
        Figures figures;
        try {
            figures = new Figures(resultsDirectory);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            docs.addAll(files.filter(f -> f.toString().endsWith(".md")).sorted().toList());
        }
        int stale = 0;
        int total = 0;
        for (Path doc : docs) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            Matcher m = MARKER.matcher(text);
            int last = 0;
            while (m.find()) {
                total++;
                String rendered;
                try {
                    rendered = figures.render(m.group(1));
                } catch (IllegalArgumentException e) {
                    fail(root.relativize(doc) + ": figure '" + m.group(1) + "': " + e.getMessage());
                    return;
                }
                if (!rendered.equals(m.group(2))) {
                    stale++;
                    if (check) {
                        System.out.println(root.relativize(doc) + ": figure '" + m.group(1) + "' differs from the "
                                + "results: " + firstDifference(m.group(2), rendered));
                    }
                }
                out.append(text, last, m.start()).append("<!-- figure ").append(m.group(1)).append(" -->")
                        .append(rendered).append("<!-- /figure -->");
                last = m.end();
            }
            out.append(text.substring(last));
            if (!check && !out.toString().equals(text)) {
                Files.writeString(doc, out.toString(), StandardCharsets.UTF_8);
                System.out.println("figures: rewrote " + root.relativize(doc));
            }
        }
        if (check) {
            System.out.println("figures: " + total + " figures, " + stale + " differ from docs/results");
            System.exit(stale == 0 ? 0 : 1);
        }
    }

    private static void fail(String message) {
        System.err.println("figures: error: " + message);
        System.exit(2);
    }

    private static String firstDifference(String inDoc, String fromResults) {
        String[] a = inDoc.split("\n", -1);
        String[] b = fromResults.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "(nothing)";
            String y = i < b.length ? b[i] : "(nothing)";
            if (!x.equals(y)) {
                return "the doc has \"" + x + "\", the results give \"" + y + "\"";
            }
        }
        return "(whitespace)";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The figures
    // ---------------------------------------------------------------------------------------------------------------

    String render(String figure) {
        String[] parts = figure.split(" ");
        String name = parts[0];
        String label = parts.length > 1 ? parts[1] : null;
        switch (name) {
            case "ratio":
                // The options, in this order, each optional after the one before: newest, precise.
                List<String> options = List.of(parts).subList(Math.min(4, parts.length), parts.length);
                if (parts.length < 4 || options.size() > 2
                        || !options.equals(List.of("newest", "precise").subList(0, options.size()))) {
                    throw new IllegalArgumentException("use 'ratio LABEL BACKEND MODEL [newest [precise]]'");
                }
                return ratio(labelled("benchmarks.jsonl", label), parts[2], parts[3], options.size() >= 1,
                        options.size() == 2);
            case "compare":
                return "\n" + compareTable(labelled("benchmarks.jsonl", label)) + "\n";
            case "compare-source":
                return source(labelled("benchmarks.jsonl", label));
            case "default-run-time":
                return minutes(number(newest("default-run.jsonl"), "wall_seconds"));
            case "default-run-speed":
                return "about " + Math.round(number(newest("default-run.jsonl"), "images_per_second")) + " images/s";
            case "default-run-source":
                return source(newest("default-run.jsonl"));
            case "soak":
                return "\n" + new Soak(labelled("soak.jsonl", label)).table() + "\n";
            case "soak-drift":
                return new Soak(labelled("soak.jsonl", label)).drift();
            case "soak-speed":
                return new Soak(labelled("soak.jsonl", label)).speed();
            case "soak-source":
                return source(labelled("soak.jsonl", label));
            case "tests-count":
                return Long.toString(Math.round(number(newest("test-run.jsonl"), "tests")));
            case "tests-time":
                return minutes(number(newest("test-run.jsonl"), "seconds"));
            case "tests-source":
                return source(newest("test-run.jsonl"));
            case "iteration-work":
                return "\n" + iterationWork() + "\n";
            case "memory":
                return "\n" + memory(labelled("memory.jsonl", label)) + "\n";
            case "memory-source":
                return source(labelled("memory.jsonl", label));
            case "glue-lines":
                return "\n" + glueLines(newest("glue-lines.jsonl")) + "\n";
            case "table":
                return "\n" + table(labelled("tables.jsonl", label)) + "\n";
            case "table-source":
                return source(labelled("tables.jsonl", label));
            case "distributed":
                return "\n" + Distributed.table(labelledAll("distributed.jsonl", label)) + "\n";
            case "distributed-model":
                return "\n" + Distributed.model(labelledAll("distributed.jsonl", label)) + "\n";
            case "distributed-source":
                return source(labelled("distributed.jsonl", label));
            default:
                throw new IllegalArgumentException("no such figure (known: compare LABEL, compare-source LABEL, "
                        + "ratio LABEL BACKEND MODEL, default-run-time, default-run-speed, default-run-source, tests-count, "
                        + "tests-time, tests-source, soak LABEL, soak-drift LABEL, soak-speed LABEL, "
                        + "soak-source LABEL, iteration-work, glue-lines, memory LABEL, memory-source LABEL, table LABEL, "
                        + "table-source LABEL, distributed LABEL, "
                        + "distributed-model LABEL, distributed-source LABEL)");
        }
    }

    private List<Map<String, Object>> file(String name) {
        List<Map<String, Object>> records = results.get(name);
        if (records == null || records.isEmpty()) {
            throw new IllegalArgumentException("docs/results/" + name + " has no results");
        }
        return records;
    }

    private Map<String, Object> newest(String name) {
        return file(name).get(file(name).size() - 1);
    }

    private Map<String, Object> labelled(String name, String label) {
        if (label == null) {
            throw new IllegalArgumentException("name the run: 'compare LABEL'");
        }
        return file(name).stream().filter(r -> label.equals(r.get("label"))).reduce((a, b) -> b).orElseThrow(() ->
                new IllegalArgumentException("docs/results/" + name + " has no run labelled '" + label + "'"));
    }

    /** The arithmetic of one iteration per model (docs/results/iteration-work.jsonl), as IterationWork counts it. */
    private String iterationWork() {
        StringBuilder b = new StringBuilder("| workload | G forward MACs | D forward MACs | FLOP per iteration |\n"
                + "|---|---:|---:|---:|");
        for (Map<String, Object> r : file("iteration-work.jsonl")) {
            long size = Math.round(number(r, "image_size"));
            b.append("\n| ").append(r.get("model")).append(" b").append(Math.round(number(r, "batch"))).append(" (")
                    .append(size).append('×').append(size).append('×').append(Math.round(number(r, "channels")))
                    .append(", ").append(Math.round(number(r, "classes"))).append(" classes) | ")
                    .append(giga(number(r, "generator_forward_macs"), 2)).append(" | ")
                    .append(giga(number(r, "discriminator_forward_macs"), 2)).append(" | ")
                    .append(giga(number(r, "iteration_flop"), 1)).append(" |");
        }
        return b.toString();
    }

    /** Peak resident memory of the default run per engine beside PyTorch's (docs/results/memory.jsonl). */
    @SuppressWarnings("unchecked")
    private static String memory(Map<String, Object> r) {
        Map<String, Object> peaks = (Map<String, Object>) r.get("peak_rss_mb");
        String anchor = peaks.keySet().stream().filter(k -> k.startsWith("pytorch ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("memory '" + r.get("label") + "' has no PyTorch"));
        double base = number(peaks, anchor);
        StringBuilder b = new StringBuilder("| process (" + Math.round(number(r, "steps")) + " iterations of "
                + r.get("model") + ", batch " + Math.round(number(r, "batch_size"))
                + ") | peak resident memory | × " + anchor.replace("pytorch", "PyTorch") + " |\n|---|---:|---:|");
        for (String k : peaks.keySet()) {
            String name = k.startsWith("cgan ") ? "`" + k.substring(5) + "`" : k.replace("pytorch", "PyTorch");
            b.append("\n| ").append(name).append(" | ").append(Math.round(number(peaks, k))).append(" MB | ")
                    .append(fixed("%s", number(peaks, k) / base, 2)).append(" |");
        }
        return b.toString();
    }

    /** The newest count of scripts/glue-lines: each engine's glue and kernel lines, fewest glue lines first. */
    @SuppressWarnings("unchecked")
    private static String glueLines(Map<String, Object> r) {
        List<Map<String, Object>> engines = new ArrayList<>((List<Map<String, Object>>) r.get("engines"));
        engines.sort(Comparator.comparingDouble(e -> number(e, "glue")));
        StringBuilder b = new StringBuilder("| engine | glue lines | kernel lines | files |\n|---|---:|---:|---:|");
        for (Map<String, Object> e : engines) {
            b.append("\n| `").append(e.get("engine")).append("` | ").append(Math.round(number(e, "glue")))
                    .append(" | ").append(Math.round(number(e, "kernels"))).append(" | ")
                    .append(Math.round(number(e, "files"))).append(" |");
        }
        String commit = String.valueOf(r.get("commit"));
        return b.append("\n\n(counted by `").append(r.get("command")).append("` at commit ")
                .append(commit, 0, Math.min(10, commit.length())).append(" on ").append(r.get("date")).append(')')
                .toString();
    }

    private static String giga(double x, int digits) {
        return fixed("%s", x / 1e9, digits) + " G";
    }

    /**
     * A table kept as data (docs/results/tables.jsonl: {@code header}, {@code align}, {@code rows}), for measurements
     * whose figures were recorded as a table; each record's {@code provenance} says how it was obtained.
     */
    @SuppressWarnings("unchecked")
    private static String table(Map<String, Object> r) {
        List<Object> header = (List<Object>) r.get("header");
        List<Object> align = (List<Object>) r.get("align");
        List<Object> rows = (List<Object>) r.get("rows");
        if (header == null || align == null || rows == null || header.size() != align.size()) {
            throw new IllegalArgumentException("table '" + r.get("label") + "' needs header, align and rows of one width");
        }
        StringBuilder b = new StringBuilder(row(header)).append("\n|");
        for (Object a : align) {
            b.append(a).append('|');
        }
        for (Object row : rows) {
            List<Object> cells = (List<Object>) row;
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException("table '" + r.get("label") + "': a row of " + cells.size()
                        + " cells under " + header.size() + " columns");
            }
            b.append('\n').append(row(cells));
        }
        return b.toString();
    }

    private static String row(List<Object> cells) {
        StringBuilder b = new StringBuilder("|");
        for (Object c : cells) {
            String text = String.valueOf(c);
            b.append(text.isEmpty() ? " |" : " " + text + " |");
        }
        return b.toString();
    }

    /** Every result labelled {@code label}, in order. */
    private List<Map<String, Object>> labelledAll(String name, String label) {
        if (label == null) {
            throw new IllegalArgumentException("name the run: 'distributed LABEL'");
        }
        List<Map<String, Object>> all = file(name).stream().filter(r -> label.equals(r.get("label"))).toList();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("docs/results/" + name + " has no run labelled '" + label + "'");
        }
        return all;
    }

    /**
     * docs/DISTRIBUTED.md's cost tables: what an iteration and its all-reduces took with 1 and 2 ranks here, and a
     * model of images/s over ranks and bandwidth built on the 1-rank iteration (see the assumptions in the doc).
     */
    static final class Distributed {

        static final int[] RANKS = {1, 2, 4, 8, 16, 32};
        static final double[] GBITS = {10, 100};

        static String table(List<Map<String, Object>> runs) {
            StringBuilder b = new StringBuilder();
            b.append("| model | ranks | threads per rank | global batch | iteration, median "
                    + "| all-reduces in it, median | share | images/s |\n");
            b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map<String, Object> r : runs) {
                double it = median(list(r, "iteration_seconds"));
                double ar = median(list(r, "allreduce_seconds"));
                b.append("| ").append(r.get("model")).append(" | ").append(Math.round(number(r, "ranks")))
                        .append(" | ").append(Math.round(number(r, "threads_per_rank"))).append(" | ")
                        .append(Math.round(number(r, "global_batch"))).append(" | ")
                        .append(fixed("%.3f s", it, 3)).append(" | ").append(fixed("%.4f s", ar, 4)).append(" | ")
                        .append(fixed("%.1f %%", 100 * ar / it, 1)).append(" | ")
                        .append(fixed("%.0f", number(r, "global_batch") / it, 0)).append(" |\n");
            }
            return b.toString().stripTrailing();
        }

        static String model(List<Map<String, Object>> runs) {
            Map<String, Object> one = runs.stream().filter(r -> number(r, "ranks") == 1).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("the model needs the 1-rank run"));
            double t1 = median(list(one, "iteration_seconds"));
            double batch = number(one, "global_batch");
            double bytes = 4 * number(one, "gradient_values");
            StringBuilder b = new StringBuilder();
            b.append("Model ").append(one.get("model")).append(": ").append(fixed("%.1f", bytes / 1e6, 1))
                    .append(" MB of gradients per iteration, ").append(fixed("%.3f s", t1, 3))
                    .append(" to compute a batch of ").append(Math.round(batch)).append(" on one rank.\n\n");
            b.append("| ranks |");
            for (double g : GBITS) {
                b.append(" ").append(fixed("%.0f", g, 0)).append(" Gbit/s: all-reduce | images/s | speed-up |");
            }
            b.append("\n|---:|");
            for (int k = 0; k < GBITS.length; k++) {
                b.append("---:|---:|---:|");
            }
            b.append("\n");
            for (int n : RANKS) {
                b.append("| ").append(n).append(" |");
                for (double g : GBITS) {
                    double ring = n == 1 ? 0 : 2.0 * (n - 1) / n * bytes / (g * 1e9 / 8);
                    double rate = n * batch / (t1 + ring);
                    b.append(" ").append(fixed("%.1f ms", ring * 1e3, 1)).append(" | ")
                            .append(fixed("%.0f", rate, 0)).append(" | ")
                            .append(fixed("%.2f", rate / (batch / t1), 2)).append(" |");
                }
                b.append("\n");
            }
            return b.toString().stripTrailing();
        }

        @SuppressWarnings("unchecked")
        private static List<Object> list(Map<String, Object> r, String key) {
            Object v = r.get(key);
            if (!(v instanceof List<?> l) || l.isEmpty()) {
                throw new IllegalArgumentException("a distributed result needs a non-empty '" + key + "'");
            }
            return (List<Object>) v;
        }
    }

    /** "Measured on DATE by `COMMAND` at commit C on MACHINE." */
    private static String source(Map<String, Object> r) {
        String commit = String.valueOf(r.get("commit"));
        return "measured on " + r.get("date") + " by `" + r.get("command") + "` at commit "
                + commit.substring(0, Math.min(10, commit.length())) + " on " + r.get("machine");
    }

    /** 205 s -> "3 min 25 s"; 270 s -> "4 min 30 s". */
    static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    /** A soak run summarised per window of {@code every} iterations, as {@code scripts/soak --summarise} prints it. */
    private static final class Soak {
        private final String backend;
        private final int every;
        private final int warmup;
        private final double band;
        private final List<double[]> windows = new ArrayList<>();  // {first, last, median, min, max, at last, s/it}

        @SuppressWarnings("unchecked")
        Soak(Map<String, Object> run) {
            backend = String.valueOf(run.get("backend"));
            every = (int) number(run, "every");
            warmup = (int) number(run, "warmup");
            band = number(run, "band_percent");
            List<Object> rss = (List<Object>) run.get("rss_mb");
            List<Object> seconds = (List<Object>) run.get("seconds");
            for (int end = every; end <= rss.size(); end += every) {
                double[] w = new double[every];
                double sum = 0;
                for (int k = 0; k < every; k++) {
                    w[k] = ((Number) rss.get(end - every + k)).doubleValue();
                    sum += ((Number) seconds.get(end - every + k)).doubleValue();
                }
                double last = w[every - 1];
                java.util.Arrays.sort(w);
                double median = every % 2 == 1 ? w[every / 2] : (w[every / 2 - 1] + w[every / 2]) / 2;
                windows.add(new double[] {end - every + 1, end, median, w[0], w[every - 1], last, sum / every});
            }
            if (windows.size() < warmup / every) {
                throw new IllegalArgumentException("the soak run ended before its warm-up");
            }
        }

        private double reference() {
            return windows.get(warmup / every - 1)[2];
        }

        private static String signed(double d, int digits) {
            return (d < 0 ? "-" : "+") + fixed("%." + digits + "f", Math.abs(d), digits);
        }

        /** The largest deviation after the warm-up, with its sign. */
        private double worst() {
            double worst = 0;
            for (double[] w : windows.subList(warmup / every, windows.size())) {
                double d = 100 * (w[2] - reference()) / reference();
                worst = Math.abs(d) > Math.abs(worst) ? d : worst;
            }
            return worst;
        }

        String table() {
            double ref = reference();
            StringBuilder t = new StringBuilder(backend + ": " + windows.size() * every + " iterations; RSS reference "
                    + fixed("%.1f", ref, 1) + " MB = median of iterations " + (warmup - every + 1) + "-" + warmup
                    + " (the end of the warm-up)\n\n");
            t.append("| iterations | RSS median (MB) | vs reference | RSS min-max (MB) | RSS at last (MB) | s/iteration |\n");
            t.append("|---:|---:|---:|---:|---:|---:|\n");
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] w : windows) {
                t.append("| ").append((long) w[0]).append('-').append((long) w[1]).append(" | ")
                        .append(fixed("%.1f", w[2], 1)).append(" | ").append(signed(100 * (w[2] - ref) / ref, 1))
                        .append("% | ").append(fixed("%.1f", w[3], 1)).append('-').append(fixed("%.1f", w[4], 1))
                        .append(" | ").append(fixed("%.1f", w[5], 1)).append(" | ").append(fixed("%.3f", w[6], 3))
                        .append(" |\n");
                if (w[1] > warmup) {
                    lo = Math.min(lo, w[3]);
                    hi = Math.max(hi, w[4]);
                }
            }
            double worst = Math.abs(worst());
            t.append('\n').append(backend).append(": after the warm-up the median RSS of every ").append(every)
                    .append(" iterations stays within ").append(fixed("%.1f", worst, 1))
                    .append("% of the reference: ").append(worst <= band ? "WITHIN" : "OUTSIDE").append(" (band +-")
                    .append(fixed("%.0f", band, 0)).append("%); single iterations ranged ").append(fixed("%.1f", lo, 1))
                    .append('-').append(fixed("%.1f", hi, 1)).append(" MB");
            return t.toString();
        }

        /** "0.52 s per iteration (123 images/s)": the mean after the warm-up. */
        String speed() {
            double sum = 0;
            List<double[]> after = windows.subList(warmup / every, windows.size());
            for (double[] w : after) {
                sum += w[6];
            }
            double mean = sum / after.size();
            return fixed("%.2f", mean, 2) + " s per iteration (" + Math.round(64 / mean) + " images/s at batch 64)";
        }

        /** "+0.6% of iterations 101–200 (1192 → 1200 MB)": the largest drift and the first and last medians. */
        String drift() {
            return signed(worst(), 1) + "% of iterations " + (warmup - every + 1) + "–" + warmup + " ("
                    + Math.round(reference()) + " → " + Math.round(windows.get(windows.size() - 1)[2]) + " MB)";
        }
    }

    /**
     * A backend's median images/s over the oldest PyTorch anchor's in one run (the newest anchor's with
     * {@code newest}), e.g. "1.13×".
     */
    @SuppressWarnings("unchecked")
    private static String ratio(Map<String, Object> run, String backend, String model, boolean newest,
            boolean precise) {
        Map<String, Object> rates = (Map<String, Object>) run.get("rates");
        List<Object> mine = (List<Object>) rates.get(backend + " " + model);
        Comparator<String> byVersion = Comparator.comparing(k -> versionKey(splitKey(k)[0]));
        String anchor = rates.keySet().stream().filter(k -> k.startsWith("pytorch ") && k.endsWith(" " + model))
                .min(newest ? byVersion.reversed() : byVersion).orElse(null);
        if (mine == null || anchor == null) {
            throw new IllegalArgumentException("run '" + run.get("label") + "' has no " + backend + " and PyTorch "
                    + "figures for " + model);
        }
        int digits = precise ? 3 : 2;
        return fixed("%." + digits + "f", median(mine) / median((List<Object>) rates.get(anchor)), digits) + "×";
    }

    /** The side-by-side table of one compare.sh run, as compare_table.py prints it. */
    @SuppressWarnings("unchecked")
    static String compareTable(Map<String, Object> run) {
        Map<String, Object> rates = (Map<String, Object>) run.get("rates");
        Map<String, Object> work = (Map<String, Object>) run.get("work");
        List<Object> sgemm = (List<Object>) run.get("sgemm_gflops");
        double ceiling = median(sgemm);
        // The oneDNN-measured f32 peak; runs recorded before compare.sh measured it have none ("–" in its column).
        List<Object> peak = (List<Object>) run.get("peak_gflops");
        double peakCeiling = peak == null || peak.isEmpty() ? Double.NaN : median(peak);
        TreeSet<String> anchors = new TreeSet<>(Comparator.comparing(Figures::versionKey));
        List<String[]> keys = new ArrayList<>();
        for (String key : rates.keySet()) {
            String[] split = splitKey(key);
            keys.add(split);
            if (split[0].startsWith("pytorch")) {
                anchors.add(split[0]);
            }
        }
        StringBuilder t = new StringBuilder("| backend | workload | ms/iteration | images/s |");
        for (String a : anchors) {
            t.append(" × PyTorch ").append(a.substring(a.lastIndexOf(' ') + 1)).append(" |");
        }
        t.append(" GFLOP/s | % of sgemm | % of peak |\n|---|---|---:|---:|")
                .append("---:|".repeat(Math.max(1, anchors.size()))).append("---:|---:|---:|\n");
        for (String model : List.of("dcgan64", "dcgan32")) {
            List<String[]> rows = keys.stream().filter(k -> k[1].equals(model)).sorted(Comparator
                    .comparing((String[] k) -> k[0].startsWith("pytorch"))
                    .thenComparing(k -> k[0].startsWith("pytorch") ? versionKey(k[0]) : "")
                    .thenComparing(k -> k[0])).toList();
            for (String[] k : rows) {
                double ips = median((List<Object>) rates.get(k[0] + " " + k[1]));
                double ms = 64 / ips * 1000;
                double flop = work.containsKey(model)
                        ? number((Map<String, Object>) work.get(model), "iteration_flop") : Double.NaN;
                double gflops = flop / (ms / 1000) / 1e9;
                t.append("| ").append(k[0]).append(" | ").append(model).append(" b64 | ")
                        .append(fixed("%,.0f", ms, 0)).append(" | ").append(fixed("%.1f", ips, 1)).append(" |");
                for (String a : anchors) {
                    List<Object> ref = (List<Object>) rates.get(a + " " + model);
                    t.append(ref == null ? " - |" : " " + fixed("%.2f", ips / median(ref), 2) + " |");
                }
                t.append(" ").append(fixed("%.1f", gflops, 1)).append(" | ").append(fixed("%.0f", 100 * gflops / ceiling, 0))
                        .append("% | ").append(Double.isNaN(peakCeiling) ? "–"
                                : fixed("%.0f", 100 * gflops / peakCeiling, 0) + "%").append(" |\n");
            }
        }
        t.append('\n');
        for (String model : List.of("dcgan64", "dcgan32")) {
            if (work.containsKey(model) && keys.stream().anyMatch(k -> k[1].equals(model))) {
                Map<String, Object> w = (Map<String, Object>) work.get(model);
                t.append("- ").append(model).append(" b64: ").append(fixed("%.1f", number(w, "iteration_flop") / 1e9, 1))
                        .append(" GFLOP per iteration (forward MACs: G ")
                        .append(fixed("%.2f", number(w, "generator_forward_macs") / 1e9, 2)).append(" G, D ")
                        .append(fixed("%.2f", number(w, "discriminator_forward_macs") / 1e9, 2))
                        .append(" G; 3 D passes and 1 G pass, each forward + 2× backward)\n");
            }
        }
        List<String> rounds = new ArrayList<>();
        for (Object g : sgemm) {
            rounds.add(fixed("%.1f", ((Number) g).doubleValue(), 1));
        }
        t.append("- sgemm ceiling (").append(run.get("sgemm_note")).append("): median ").append(fixed("%.1f", ceiling, 1))
                .append(" GFLOP/s over ").append(sgemm.size()).append(" round(s): ").append(String.join(", ", rounds))
                .append('\n');
        if (Double.isNaN(peakCeiling)) {
            t.append("- f32 peak: not measured in this run, so no % of peak\n");
        } else {
            List<String> peaks = new ArrayList<>();
            for (Object g : peak) {
                peaks.add(fixed("%.1f", ((Number) g).doubleValue(), 1));
            }
            t.append("- f32 peak (").append(run.get("peak_note")).append("): median ").append(fixed("%.1f", peakCeiling, 1))
                    .append(" GFLOP/s over ").append(peak.size()).append(" round(s): ").append(String.join(", ", peaks))
                    .append("; % of peak = GFLOP per iteration × iterations/s ÷ peak\n");
        }
        Map<String, Object> timing = (Map<String, Object>) run.getOrDefault("timing", Map.of());
        for (var e : new TreeMap<>(timing).entrySet()) {
            t.append("- timing of ").append(e.getKey()).append(" per round: ").append(e.getValue()).append('\n');
        }
        for (String key : new TreeSet<>(rates.keySet())) {
            List<String> v = new ArrayList<>();
            for (Object x : (List<Object>) rates.get(key)) {
                v.add(fixed("%.1f", ((Number) x).doubleValue(), 1));
            }
            t.append("- rounds ").append(key).append(": ").append(String.join(", ", v)).append(" images/s\n");
        }
        return t.toString().stripTrailing();
    }

    /**
     * {@code x} rounded as Python's format does (the exact binary value, ties to even), so that the docs show what
     * compare_table.py printed for the same run; then laid out by {@code pattern} (e.g. {@code "%,.0f"}).
     */
    static String fixed(String pattern, double x, int digits) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, pattern, new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN));
    }

    /** "pytorch 1.13.0 dcgan64" -> ["pytorch 1.13.0", "dcgan64"]. */
    private static String[] splitKey(String key) {
        int space = key.lastIndexOf(' ');
        return new String[] {key.substring(0, space), key.substring(space + 1)};
    }

    /** "pytorch 1.13.0" -> "00001.00013.00000", so versions sort numerically. */
    private static String versionKey(String anchor) {
        StringBuilder k = new StringBuilder();
        for (String p : anchor.substring(anchor.lastIndexOf(' ') + 1).split("\\.")) {
            k.append(String.format(Locale.ROOT, "%05d.", p.matches("\\d+") ? Integer.parseInt(p) : 0));
        }
        return k.toString();
    }

    private static double median(List<Object> values) {
        double[] v = values.stream().mapToDouble(x -> ((Number) x).doubleValue()).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double number(Map<String, Object> record, String key) {
        Object v = record.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("a result lacks the number '" + key + "'");
        }
        return n.doubleValue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A small JSON reader (objects, arrays, strings, numbers, true, false, null): the JDK has none.
    // ---------------------------------------------------------------------------------------------------------------

    private static final class Json {
        private final String s;
        private final String where;
        private int i;

        Json(String s, String where) {
            this.s = s;
            this.where = where;
        }

        Object parse() {
            Object v = value();
            space();
            if (i != s.length()) {
                throw error("text after the JSON value");
            }
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                space();
                if (peek('}')) {
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                } while (peek(','));
                expect('}');
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                space();
                if (peek(']')) {
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return list;
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("unexpected '" + c + "'");
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            expect('"');
            return b.toString();
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(where + ": bad JSON at character " + (i + 1) + ": " + what);
        }
    }
}
