package dev.cgan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.train.IterationRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example as a user runs it: its own model, dataset and listener through cgan's public API. The generated
 * pictures must show the bars of the class they were asked for, judged by {@link #looksHorizontal}, which is first
 * shown to tell the dataset's own pictures apart.
 */
class TrainBarsTest {

    private static final int PIXELS = BarsDataset.SIZE * BarsDataset.SIZE;

    @Test
    void theOrientationMeasureTellsTheDatasetsClassesApart() {
        BarsDataset data = new BarsDataset(64);
        for (int i = 0; i < data.size(); i++) {
            assertEquals(data.label(i) == BarsDataset.HORIZONTAL, looksHorizontal(data.image(i), 0), "image " + i);
        }
    }

    @Test
    void trainsOnItsOwnModelAndDataThenGeneratesEachClass(@TempDir Path out) throws Exception {
        LossLog log = new LossLog(System.out, 100);
        TrainBars.Result result = TrainBars.train(out, 600, log);

        assertEquals("completed", result.summary().stopReason());
        List<IterationRecord> records = log.records();
        assertEquals(600, records.size(), "the listener saw every iteration");
        assertEquals(600, records.get(records.size() - 1).iteration());
        assertTrue(records.stream().allMatch(r -> r.losses().isFinite()));
        try (var files = Files.list(out.resolve("checkpoint"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".safetensors")));
        }

        float[] images = result.images();
        int perClass = result.perClass();
        assertEquals(2 * perClass * PIXELS, images.length);
        int right = 0;
        for (int i = 0; i < 2 * perClass; i++) {
            boolean askedHorizontal = i / perClass == BarsDataset.HORIZONTAL;
            if (looksHorizontal(images, i * PIXELS) == askedHorizontal) {
                right++;
            }
        }
        assertTrue(right >= 2 * perClass - 2, right + " of " + 2 * perClass
                + " generated pictures show the bars of their class");
    }

    /** Whether the picture at {@code offset} changes more from row to row than from column to column. */
    static boolean looksHorizontal(float[] pixels, int offset) {
        int n = BarsDataset.SIZE;
        double acrossRows = 0;
        double acrossColumns = 0;
        for (int r = 0; r < n - 1; r++) {
            for (int c = 0; c < n - 1; c++) {
                float here = pixels[offset + r * n + c];
                acrossRows += Math.abs(pixels[offset + (r + 1) * n + c] - here);
                acrossColumns += Math.abs(pixels[offset + r * n + c + 1] - here);
            }
        }
        return acrossRows > acrossColumns;
    }
}
