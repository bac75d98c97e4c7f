package dev.cgan.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether and how a run augments the discriminator's images with DiffAugment ({@link DiffAugment}): the policies, in
 * the order they are applied (the reference implementation applies them in the order of its policy string).
 * {@link #OFF} (no policy) means no augmentation.
 *
 * @param policies the policies, each at most once
 */
public record DiffAugmentSetting(List<DiffAugmentPolicy> policies) {

    /** No augmentation: the discriminator sees the images as they are. */
    public static final DiffAugmentSetting OFF = new DiffAugmentSetting(List.of());

    public DiffAugmentSetting {
        policies = List.copyOf(policies);
        if (policies.stream().distinct().count() != policies.size()) {
            throw invalid("names a policy twice: " + words(policies));
        }
    }

    /**
     * The setting a comma-separated list names ({@code "color,translation,cutout"}, any subset in any order), or
     * {@link #OFF} for {@code "off"} or an empty text.
     *
     * @throws InvalidSettingException for an unknown or repeated policy, naming the known ones
     */
    public static DiffAugmentSetting parse(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("off")) {
            return OFF;
        }
        List<DiffAugmentPolicy> out = new ArrayList<>();
        for (String word : t.split(",", -1)) {
            String w = word.strip();
            out.add(DiffAugmentPolicy.of(w).orElseThrow(() -> invalid("has no policy '" + w + "'; use a "
                    + "comma-separated list of " + DiffAugmentPolicy.known())));
        }
        return new DiffAugmentSetting(out);
    }

    /** Whether the run augments. */
    public boolean isOn() {
        return !policies.isEmpty();
    }

    /** {@code "off"} or the policies, e.g. {@code "color,translation,cutout"}, as {@link #parse} reads them. */
    public String describe() {
        return isOn() ? words(policies) : "off";
    }

    private static String words(List<DiffAugmentPolicy> policies) {
        return policies.stream().map(DiffAugmentPolicy::word).collect(Collectors.joining(","));
    }

    private static InvalidSettingException invalid(String problem) {
        return new InvalidSettingException(SettingsMessage.of(TrainingSetting.DIFFAUGMENT, " " + problem));
    }
}
