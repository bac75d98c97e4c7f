package dev.cgan.cli;

import dev.cgan.core.safetensors.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's own Chromium in its headless mode, driven over the Chrome DevTools Protocol with the JDK's WebSocket
 * client: open a page, read what the page's scripts see, collect console errors and failed loads, take a screenshot.
 * Nothing is downloaded; a fresh profile in a temporary folder, no sandbox (CI runs as root), no GPU, and none of the
 * browser's own network traffic (updates, sync, component downloads).
 */
final class HeadlessChromium implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"),
            Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final BlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private int nextId = 1;

    /** The Chromium executable: {@code CGAN_CHROMIUM} if set, else Debian's or a usual location; null if none. */
    static Path find() {
        String env = System.getenv("CGAN_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Files.isExecutable(Path.of(env)) ? Path.of(env) : null;
        }
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Starts {@code chromium} with a fresh profile in {@code profile} and attaches to its first tab. */
    HeadlessChromium(Path chromium, Path profile, int width, int height) throws Exception {
        this.profile = profile;
        process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserUrl = awaitDevTools();
        String port = URI.create(browserUrl).getPort() + "";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String page = null;
        for (Object o : (List<?>) Json.parse(list)) {
            Map<?, ?> target = (Map<?, ?>) o;
            if ("page".equals(target.get("type"))) {
                page = (String) target.get("webSocketDebuggerUrl");
                break;
            }
        }
        if (page == null) {
            throw new IllegalStateException("Chromium opened no page: " + list);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Collector()).get(30, TimeUnit.SECONDS);
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(domain + ".enable", Map.of());
        }
    }

    /** Loads {@code url} and waits for its load event (every image loaded or failed). */
    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        awaitEvent("Page.loadEventFired", 60);
    }

    /** Evaluates a JavaScript expression in the page and returns its value (JSON types). */
    Object evaluate(String expression) throws Exception {
        Map<?, ?> result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.containsKey("exceptionDetails")) {
            throw new IllegalStateException("the page could not evaluate " + expression + ": "
                    + result.get("exceptionDetails"));
        }
        return ((Map<?, ?>) result.get("result")).get("value");
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws Exception {
        Map<?, ?> result = call("Page.captureScreenshot", Map.of("format", "png"));
        return java.util.Base64.getDecoder().decode((String) result.get("data"));
    }

    /** Console errors, uncaught exceptions, error log entries and failed loads seen so far, one line each. */
    List<String> problems() {
        drain();
        return List.copyOf(problems);
    }

    private Map<?, ?> call(String method, Map<String, Object> params) throws Exception {
        int id = nextId++;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", (long) id);
        message.put("method", method);
        message.put("params", params);
        socket.sendText(Json.write(message), true).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, Object> m = next(deadline, method);
            if (Long.valueOf(id).equals(m.get("id"))) {
                if (m.containsKey("error")) {
                    throw new IllegalStateException(method + " failed: " + m.get("error"));
                }
                return (Map<?, ?>) m.get("result");
            }
            note(m);
        }
    }

    private void awaitEvent(String event, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Map<String, Object> m = next(deadline, event);
            note(m);
            if (event.equals(m.get("method"))) {
                return;
            }
        }
    }

    private Map<String, Object> next(long deadline, String waitingFor) throws InterruptedException {
        Map<String, Object> m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (m == null) {
            throw new IllegalStateException("Chromium did not answer " + waitingFor + " in time");
        }
        return m;
    }

    private void drain() {
        Map<String, Object> m;
        while ((m = messages.poll()) != null) {
            note(m);
        }
    }

    /** Records the events that mean something went wrong in the page. */
    private void note(Map<String, Object> m) {
        Object method = m.get("method");
        Map<?, ?> params = m.get("params") instanceof Map<?, ?> p ? p : Map.of();
        if ("Runtime.consoleAPICalled".equals(method)
                && List.of("error", "assert").contains(params.get("type"))) {
            problems.add("console." + params.get("type") + ": " + params.get("args"));
        } else if ("Runtime.exceptionThrown".equals(method)) {
            problems.add("uncaught exception: " + params.get("exceptionDetails"));
        } else if ("Log.entryAdded".equals(method)) {
            Map<?, ?> entry = (Map<?, ?>) params.get("entry");
            if ("error".equals(entry.get("level"))) {
                Object url = entry.get("url");
                problems.add("log error: " + entry.get("text") + (url == null ? "" : " " + url));
            }
        } else if ("Network.loadingFailed".equals(method)) {
            problems.add("load failed: " + params.get("errorText") + " (" + params.get("type") + ")");
        }
    }

    /** Reads Chromium's stderr until it says where its DevTools endpoint listens; keeps draining it afterwards. */
    private String awaitDevTools() throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    } else if (!url.isDone() && seen.size() < 40) {
                        seen.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited before its DevTools endpoint "
                    + "was up: " + String.join(" | ", seen)));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return url.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        // The profile holds links to Chromium's sockets in /tmp; removing it here keeps the caller's folder tidy.
        if (Files.isDirectory(profile)) {
            try (var files = Files.walk(profile)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Collects whole text messages (the JDK hands them over in parts). */
    private final class Collector implements WebSocket.Listener {

        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                Object parsed = Json.parse(part.toString());
                part.setLength(0);
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) parsed;
                messages.add(m);
            }
            webSocket.request(1);
            return null;
        }
    }
}
