package dev.cgan.backend.jcuda;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.DeviceCollectives;
import java.time.Duration;
import org.bytedeco.cuda.global.nccl;
import org.bytedeco.cuda.nccl.ncclUniqueId;
import org.bytedeco.javacpp.Loader;

/**
 * NCCL for data-parallel training on the jcuda engine: gradients are all-reduced where they are, in device memory.
 * NCCL's Java bindings are in JavaCPP's CUDA preset; the library itself ({@code libnccl.so.2}) is the machine's (the
 * pip package {@code nvidia-nccl-cu13}, or the system's {@code libnccl2}). Nothing is loaded until
 * {@link #unavailable()} or {@link #newGroupId()}.
 */
final class NcclCollectives implements DeviceCollectives {

    /** NCCL's unique id: {@code NCCL_UNIQUE_ID_BYTES}. */
    static final int ID_BYTES = 128;

    private String loadFailure;
    private boolean probed;
    private int version;

    @Override
    public String name() {
        return "NCCL";
    }

    @Override
    public synchronized String unavailable() {
        if (!probed) {
            probed = true;
            try {
                Loader.load(nccl.class);
                int[] v = new int[1];
                int rc = nccl.ncclGetVersion(v);
                if (rc != nccl.ncclSuccess) {
                    loadFailure = "ncclGetVersion failed: " + NcclGroup.errorString(rc);
                }
                version = v[0];
            } catch (LinkageError | RuntimeException e) {
                // JavaCPP lists every folder of java.library.path; the library's name is what the user needs.
                loadFailure = firstLine(e).replaceFirst(" in java\\.library\\.path: .*", " found");
            }
        }
        if (loadFailure == null) {
            return null;
        }
        return "data-parallel training on jcuda needs NCCL 2 for CUDA 13 (libnccl.so.2), which cannot be loaded "
                + "here (" + loadFailure + "); install it (pip install nvidia-nccl-cu13 and add its nvidia/nccl/lib to "
                + "LD_LIBRARY_PATH, or the system's libnccl2), or train in one process";
    }

    /** NCCL's version code ({@code major * 10000 + minor * 100 + patch}) once loaded, else 0. */
    synchronized int version() {
        return version;
    }

    @Override
    public byte[] newGroupId() {
        requireLoaded();
        ncclUniqueId id = new ncclUniqueId();
        try {
            int rc = nccl.ncclGetUniqueId(id);
            if (rc != nccl.ncclSuccess) {
                throw new Failure("ncclGetUniqueId failed: " + NcclGroup.errorString(rc), false);
            }
            byte[] bytes = new byte[ID_BYTES];
            id.internal().get(bytes);
            return bytes;
        } finally {
            id.close();
        }
    }

    @Override
    public Group join(ComputeContext context, byte[] groupId, int rank, int worldSize, Duration timeout) {
        requireLoaded();
        if (!(context instanceof CudaContext cuda)) {
            throw new IllegalArgumentException("NCCL joins a jcuda context, not " + context.backend().name() + "'s");
        }
        if (groupId.length != ID_BYTES) {
            throw new IllegalArgumentException("an NCCL id has " + ID_BYTES + " bytes, got " + groupId.length);
        }
        return NcclGroup.join(cuda, groupId, rank, worldSize, timeout);
    }

    private void requireLoaded() {
        String missing = unavailable();
        if (missing != null) {
            throw new Failure(missing, false);
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
