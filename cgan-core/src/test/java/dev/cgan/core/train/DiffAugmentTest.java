package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.init.SeededRandom;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** DiffAugment's settings and its draws: the reference implementation's ranges and order, from the run's stream. */
class DiffAugmentTest {

    @Test
    void policiesParseInTheirOrderAndUnknownOrRepeatedOnesAreRefusedNamingTheKnownOnes() {
        assertEquals(List.of(DiffAugmentPolicy.TRANSLATION, DiffAugmentPolicy.COLOR),
                DiffAugmentSetting.parse("translation, color").policies());
        assertEquals(DiffAugmentSetting.OFF, DiffAugmentSetting.parse("off"));
        assertEquals("color,translation,cutout", DiffAugmentSetting.parse("color,translation,cutout").describe());
        InvalidSettingException unknown = assertThrows(InvalidSettingException.class,
                () -> DiffAugmentSetting.parse("color,flip"));
        assertEquals("DiffAugment has no policy 'flip'; use a comma-separated list of color, translation, cutout",
                unknown.getMessage());
        assertThrows(InvalidSettingException.class, () -> DiffAugmentSetting.parse("color,,cutout"));
        InvalidSettingException twice = assertThrows(InvalidSettingException.class,
                () -> DiffAugmentSetting.parse("cutout,cutout"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    }

    @Test
    void drawsCoverTheReferenceRangesAndNothingElse() {
        DiffAugment augment = new DiffAugment(DiffAugmentSetting.parse("color,translation,cutout"),
                new SeededRandom(3));
        // 32x28: translation s = int(4.5) = 4 rows, int(4.0) = 4 columns (the reference's rounding: 28/8 + 0.5 = 4);
        // cutout sides int(16.5) = 16 and int(14.5) = 14, centres in [0, 33) and [0, 29).
        DiffAugment.Draw d = augment.draw(4000, 32, 28);
        assertEquals(16, d.cutHeight());
        assertEquals(14, d.cutWidth());
        assertEquals(range(-4, 4), distinct(d.rows()));
        assertEquals(range(-4, 4), distinct(d.cols()));
        assertEquals(range(-8, 32 - 8), distinct(d.top()));
        assertEquals(range(-7, 28 - 7), distinct(d.left()));
        for (int i = 0; i < 4000; i++) {
            assertTrue(d.brightness()[i] >= -0.5f && d.brightness()[i] < 0.5f);
            assertTrue(d.saturation()[i] >= 0f && d.saturation()[i] < 2f);
            assertTrue(d.contrast()[i] >= 0.5f && d.contrast()[i] < 1.5f);
        }
        // The int(size * ratio + 0.5) rounding on small images: 7/8 + 0.5 -> 1, 3/8 + 0.5 -> 0, 5/2 + 0.5 -> 3.
        assertEquals(1, DiffAugment.side(7, DiffAugment.TRANSLATION_RATIO));
        assertEquals(0, DiffAugment.side(3, DiffAugment.TRANSLATION_RATIO));
        assertEquals(3, DiffAugment.side(5, DiffAugment.CUTOUT_RATIO));
    }

    @Test
    void eachCallDrawsItsOwnParametersInTheReferenceOrderFromTheStream() {
        SeededRandom stream = new SeededRandom(11);
        DiffAugment.Iteration it = new DiffAugment(DiffAugmentSetting.parse("color,cutout"), stream).next(3, 8, 8);
        SeededRandom replay = new SeededRandom(11);
        for (DiffAugment.Draw d : List.of(it.real(), it.fake(), it.fakeForGenerator())) {
            float[] r = new float[3];
            replay.fillUniform(r);
            assertArrayEquals(new float[] {r[0] - 0.5f, r[1] - 0.5f, r[2] - 0.5f}, d.brightness(), "r - 0.5");
            replay.fillUniform(r);
            assertArrayEquals(new float[] {r[0] * 2, r[1] * 2, r[2] * 2}, d.saturation(), "2r");
            replay.fillUniform(r);
            assertArrayEquals(new float[] {r[0] + 0.5f, r[1] + 0.5f, r[2] + 0.5f}, d.contrast(), "r + 0.5");
            int[] tops = {replay.nextInt(9) - 2, replay.nextInt(9) - 2, replay.nextInt(9) - 2};
            assertArrayEquals(tops, d.top());
            int[] lefts = {replay.nextInt(9) - 2, replay.nextInt(9) - 2, replay.nextInt(9) - 2};
            assertArrayEquals(lefts, d.left());
            assertNull(d.rows(), "no translation asked");
        }
        assertEquals(replay.state(), stream.state(), "nothing else is drawn");
        assertSame(DiffAugment.Iteration.NONE, new DiffAugment(DiffAugmentSetting.OFF, stream).next(3, 8, 8));
    }

    @Test
    void aRanksShareIsItsSliceOfTheGlobalDraw() {
        DiffAugment.Iteration all = new DiffAugment(DiffAugmentSetting.parse("color,translation,cutout"),
                new SeededRandom(5)).next(8, 32, 32);
        DiffAugment.Iteration second = all.slice(4, 8);
        assertArrayEquals(java.util.Arrays.copyOfRange(all.fake().rows(), 4, 8), second.fake().rows());
        assertArrayEquals(java.util.Arrays.copyOfRange(all.real().contrast(), 4, 8), second.real().contrast());
        assertArrayEquals(java.util.Arrays.copyOfRange(all.fakeForGenerator().top(), 4, 8),
                second.fakeForGenerator().top());
    }

    private static TreeSet<Integer> distinct(int[] values) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    private static TreeSet<Integer> range(int from, int to) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int v = from; v <= to; v++) {
            out.add(v);
        }
        return out;
    }
}
