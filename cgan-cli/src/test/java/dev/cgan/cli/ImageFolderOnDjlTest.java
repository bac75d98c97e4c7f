package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.BackendRegistry;
import dev.cgan.api.RequiredBackends;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.output.RunDirectory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole journey of a user with their own folders of RGB images, from the CLI on the real DJL backend: the seed's
 * {@code dcgan64} trains on three class folders, generates per label, is evaluated (a classifier trained on the same
 * folders at the model's own image shape) and is exported for PyTorch.
 */
class ImageFolderOnDjlTest {

    @TempDir
    Path dir;

    @Test
    void trainGenerateEvaluateExportDcgan64OnThreeRgbFolders() throws Exception {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        Path data = ImageFolders.threeClasses(dir.resolve("data"), 12);
        Path out = dir.resolve("run");

        CliRun train = CliRun.installed("--backend", "djl", "train", "--model", "dcgan64", "--data", data.toString(),
                "--steps", "2", "--batch-size", "8", "--samples-per-class", "2", "--out", out.toString());
        assertEquals(0, train.exitCode(), () -> train.out() + train.err());
        assertTrue(train.out().contains("64x64 RGB"), train.out());
        assertEquals(List.of("disks", "squares", "stripes"),
                CheckpointFile.read(CheckpointFile.locate(out)).info().classNames());

        RunDirectory run = RunDirectory.at(out);
        CliRun generate = CliRun.installed("--backend", "djl", "generate", "--run", out.toString(), "--label",
                "stripes", "--count", "2");
        assertEquals(0, generate.exitCode(), () -> generate.out() + generate.err());
        BufferedImage image = ImageIO.read(run.generated().resolve("2_stripes-0-000.png").toFile());
        assertEquals(64, image.getWidth());
        assertEquals(64, image.getHeight());

        CliRun evaluate = CliRun.installed("--backend", "djl", "evaluate", "--run", out.toString(),
                "--samples-per-class", "4", "--classifier-epochs", "1", "--classifier-cache",
                dir.resolve("cache").toString());
        assertEquals(0, evaluate.exitCode(), () -> evaluate.out() + evaluate.err());
        assertTrue(evaluate.out().contains("Evaluation of dcgan64 at iteration 2"), evaluate.out());
        String json = Files.readString(out.resolve("evaluation.json"));
        for (String key : new String[] {"\"model\": \"dcgan64\"", "\"disks\"", "\"squares\"", "\"stripes\"",
            "\"frechet_distance\"", "\"generated_accuracy\""}) {
            assertTrue(json.contains(key), key + " in " + json);
        }

        CliRun export = CliRun.installed("--backend", "djl", "export", "--run", out.toString());
        assertEquals(0, export.exitCode(), () -> export.out() + export.err());
        GeneratorCheckpoint exported = GeneratorCheckpoint.read(run.exportedGenerator());
        assertEquals(List.of("disks", "squares", "stripes"), exported.classNames());
        assertEquals(3, exported.model().channels());
    }
}
