package dev.cgan.backend.jcuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the dynamic linker looks for a shared library by its soname: {@code LD_LIBRARY_PATH},
 * {@code java.library.path}, the directories of {@code /etc/ld.so.conf} (with its includes) and the system's default
 * directories. Used only to word the reason when a library cannot be loaded ("no NVIDIA driver: libcuda.so.1 not
 * found"), never to decide: loading is left to the linker, which may know places this list does not.
 */
final class LibrarySearch {

    /** Debian/Ubuntu, Red Hat and WSL locations of the driver and of CUDA installations. */
    static final List<String> DEFAULT_DIRECTORIES = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/lib/wsl/lib", "/usr/local/cuda/lib64",
            "/usr/local/cuda/targets/x86_64-linux/lib");

    private final List<Path> directories;

    LibrarySearch(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** The directories of this machine, in the linker's order. */
    static LibrarySearch system() {
        Set<Path> dirs = new LinkedHashSet<>();
        addPathList(dirs, System.getenv("LD_LIBRARY_PATH"));
        addPathList(dirs, System.getProperty("java.library.path"));
        dirs.addAll(ldSoConf(Path.of("/etc/ld.so.conf")));
        DEFAULT_DIRECTORIES.forEach(d -> dirs.add(Path.of(d)));
        return new LibrarySearch(new ArrayList<>(dirs));
    }

    /** The first file named {@code soname} in the search directories. */
    Optional<Path> find(String soname) {
        for (Path dir : directories) {
            Path candidate = dir.resolve(soname);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    List<Path> directories() {
        return directories;
    }

    static void addPathList(Set<Path> dirs, String list) {
        if (list == null) {
            return;
        }
        for (String entry : list.split(":")) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry.strip()));
            }
        }
    }

    /** The directories named in an ld.so.conf file and the files it includes (glob patterns in one directory). */
    static List<Path> ldSoConf(Path conf) {
        List<Path> out = new ArrayList<>();
        readConf(conf, out, 0);
        return out;
    }

    private static void readConf(Path conf, List<Path> out, int depth) {
        if (depth > 4 || !Files.isRegularFile(conf)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include ")) {
                Path pattern = conf.resolveSibling(line.substring("include ".length()).strip());
                Path dir = pattern.getParent();
                if (dir == null || !Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, pattern.getFileName().toString())) {
                    List<Path> sorted = new ArrayList<>();
                    files.forEach(sorted::add);
                    sorted.sort(null);
                    for (Path f : sorted) {
                        readConf(f, out, depth + 1);
                    }
                } catch (IOException | RuntimeException e) {
                    // an unreadable include only narrows the search
                }
            } else if (line.startsWith("/")) {
                out.add(Path.of(line));
            }
        }
    }
}
