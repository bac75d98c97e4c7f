package dev.cgan.backend.onednn;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;

/** The argument map of one primitive execution: oneDNN's {@code DNNL_ARG_*} keys to memory. */
final class Arguments {

    private Arguments() {
    }

    /** {@code key, tensor, key, tensor, ...}; a {@code null} tensor is left out (an optional argument). */
    static IntMemoryMap of(Object... pairs) {
        IntMemoryMap map = new IntMemoryMap();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value == null) {
                continue;
            }
            memory m = value instanceof OnednnTensor t ? t.memory() : (memory) value;
            map.put((Integer) pairs[i], m);
        }
        return map;
    }
}
