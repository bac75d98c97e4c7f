package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Backend;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.fakes.CpuOnlyBackend;
import dev.cgan.core.fakes.ToyContext;
import dev.cgan.core.output.MetricsLine;
import dev.cgan.core.output.MetricsLog;
import dev.cgan.core.output.RunDirectory;
import dev.cgan.core.safetensors.StoredTensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's journey from the command line on a folder tree of three classes of RGB images: train dcgan64, generate
 * per label, export; and a resumed run equal to an uninterrupted one. It runs on {@link ToyContext}, the deterministic
 * host stand-in (real numerics are the conformance suite's and the DJL tests' job), so the whole journey takes
 * seconds.
 */
class ImageFolderJourneyTest {

    private static final List<Backend> TOY = List.of(
            new CpuOnlyBackend("toy", 1, "deterministic host stand-in", (backend, device) -> new ToyContext()));

    @TempDir
    Path dir;

    @Test
    void trainGenerateExportOnThreeFoldersOfRgbImages() throws Exception {
        Path data = ImageFolders.threeClasses(dir.resolve("data"), 6);
        Path out = dir.resolve("run");

        CliRun train = CliRun.of(TOY, "train", "--model", "dcgan64", "--data", data.toString(), "--steps", "4",
                "--batch-size", "4", "--sample-every", "2", "--samples-per-class", "2", "--out", out.toString());

        assertEquals(0, train.exitCode(), train::err);
        assertTrue(train.out().contains("image folders in " + data + " (18 images in 3 classes"), train.out());
        assertTrue(train.out().contains("64x64 RGB"), train.out());
        RunDirectory run = RunDirectory.at(out);
        String summary = Files.readString(run.summary());
        assertTrue(summary.contains("\"classes\": [\"disks\", \"squares\", \"stripes\"]"), summary);
        assertEquals(List.of("disks", "squares", "stripes"),
                CheckpointFile.read(CheckpointFile.locate(out)).info().classNames());
        for (Path p : List.of(run.evolutionStrip(), run.evolutionGif(), run.page(), run.finalSample())) {
            assertTrue(Files.size(p) > 0, p + " written");
        }
        String page = Files.readString(run.page());
        assertTrue(page.contains("disks, squares, stripes") && page.contains("samples/evolution.gif"), page);

        for (String label : List.of("disks", "squares", "2")) {
            CliRun generate = CliRun.of(TOY, "generate", "--run", out.toString(), "--label", label, "--count", "3");
            assertEquals(0, generate.exitCode(), generate::err);
        }
        try (var files = Files.list(run.generated())) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("0_disks-0-000.png", "0_disks-0-001.png", "0_disks-0-002.png", "1_squares-0-000.png",
                    "1_squares-0-001.png", "1_squares-0-002.png", "2_stripes-0-000.png", "2_stripes-0-001.png",
                    "2_stripes-0-002.png"), names);
        }
        BufferedImage one = ImageIO.read(run.generated().resolve("0_disks-0-000.png").toFile());
        assertEquals(64, one.getWidth());
        assertEquals(64, one.getHeight());

        CliRun grid = CliRun.of(TOY, "generate", "--run", out.toString(), "--grid", "--count", "2");
        assertEquals(0, grid.exitCode(), grid::err);
        assertTrue(Files.readString(run.page()).contains("generated/grid.png"), "the page shows the new grid");
        CliRun walk = CliRun.of(TOY, "generate", "--run", out.toString(), "--interpolate", "--label", "disks",
                "--to-label", "stripes", "--steps", "4", "--count", "2");
        assertEquals(0, walk.exitCode(), walk::err);
        assertTrue(Files.exists(run.generated().resolve("interpolation.png")));

        CliRun export = CliRun.of(TOY, "export", "--run", out.toString());
        assertEquals(0, export.exitCode(), export::err);
        GeneratorCheckpoint exported = GeneratorCheckpoint.read(run.exportedGenerator());
        assertEquals(List.of("disks", "squares", "stripes"), exported.classNames());
        assertEquals(3, exported.model().channels());
        assertEquals(64, exported.model().imageSize());
        // Evaluation needs a backend that trains a classifier: ImageFolderOnDjlTest runs the whole journey on DJL.
    }

    @Test
    void aResumedRunHasExactlyTheLossesAndWeightsOfAnUninterruptedOne() throws Exception {
        Path data = ImageFolders.threeClasses(dir.resolve("data"), 5);
        Path straight = dir.resolve("straight");
        Path halves = dir.resolve("halves");
        String[] common = {"--model", "dcgan32", "--data", data.toString(), "--batch-size", "4", "--seed", "9",
            "--sample-every", "0", "--checkpoint-every", "0"};

        assertEquals(0, train(common, "--steps", "6", "--out", straight.toString()).exitCode());
        assertEquals(0, train(common, "--steps", "3", "--out", halves.toString()).exitCode());
        CliRun resumed = train(common, "--steps", "6", "--resume", halves.toString());
        assertEquals(0, resumed.exitCode(), resumed::err);

        List<MetricsLine> a = MetricsLog.read(RunDirectory.at(straight).metrics());
        List<MetricsLine> b = MetricsLog.read(RunDirectory.at(halves).metrics());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), b.stream().map(MetricsLine::iteration).toList());
        for (int i = 0; i < 6; i++) {
            assertEquals(a.get(i).lossD(), b.get(i).lossD(), 0.0, "loss D at iteration " + (i + 1));
            assertEquals(a.get(i).lossG(), b.get(i).lossG(), 0.0, "loss G at iteration " + (i + 1));
        }
        Map<String, StoredTensor> x = CheckpointFile.read(CheckpointFile.locate(straight)).tensors();
        Map<String, StoredTensor> y = CheckpointFile.read(CheckpointFile.locate(halves)).tensors();
        assertEquals(x.keySet(), y.keySet());
        x.forEach((name, t) -> assertArrayEquals(t.bytes(), y.get(name).bytes(), name));
    }

    private CliRun train(String[] common, String... more) {
        String[] args = new String[1 + common.length + more.length];
        args[0] = "train";
        System.arraycopy(common, 0, args, 1, common.length);
        System.arraycopy(more, 0, args, 1 + common.length, more.length);
        return CliRun.of(TOY, args);
    }
}
