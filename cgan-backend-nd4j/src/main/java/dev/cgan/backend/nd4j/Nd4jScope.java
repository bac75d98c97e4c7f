package dev.cgan.backend.nd4j;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgan memory scope as an ND4J workspace: every array made on this thread while it is the innermost scope is
 * allocated in the workspace, and closing the scope gives all of it back at once. The workspace learns its size in the
 * first cycle and is reused by later scopes at the same depth, so a training loop allocates nothing new per iteration.
 */
final class Nd4jScope implements TensorScope {

    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final Nd4jContext context;
    private final Nd4jScope parent;
    private final String workspaceId;
    private final MemoryWorkspace workspace;
    private final List<Nd4jTensor> owned = new ArrayList<>();
    private boolean closed;

    Nd4jScope(Nd4jContext context, Nd4jScope parent, int depth) {
        this.context = context;
        this.parent = parent;
        this.workspaceId = "cgan-scope-" + depth;
        this.workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, workspaceId);
    }

    @Override
    public <T extends Tensor> T keep(T tensor) {
        if (tensor instanceof Nd4jTensor t && t.owner() == this && !closed) {
            INDArray array = t.array();
            Nd4jScope heir = parent;
            while (heir != null && heir.closed) {
                heir = heir.parent;
            }
            if (heir != null) {
                t.replaceArray(array.leverageTo(heir.workspaceId, true));
                heir.adopt(t);
            } else {
                t.replaceArray(array.detach());
                t.owner(null);
            }
        }
        return tensor;
    }

    /** Makes this scope the owner of {@code tensor}, whose array lives in this scope's workspace. */
    void adopt(Nd4jTensor tensor) {
        owned.add(tensor);
        tensor.owner(this);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Tensors still owned here point into the workspace: invalidate them before its memory is reused.
        for (Nd4jTensor t : owned) {
            if (t.owner() == this) {
                t.invalidate();
            }
        }
        owned.clear();
        workspace.close();
        context.scopeClosed(this);
    }
}
