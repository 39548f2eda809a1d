package io.roster.app.admin;

import io.roster.command.common.ReadModelLocks;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

/**
 * Every command writes its read models in its own transaction, so every command first shares the lock of each
 * rebuildable read model ({@link ReadModelLocks}), before it takes any other lock or touches any table: a rebuild's
 * swap then waits for the commands in flight, and commands that come after it wait for the swap while holding
 * nothing the swap needs. First among the command interceptors for that reason.
 * <p>
 * A processor that is not subscribed (while the node starts or stops) would let a command commit events without
 * their read models, so commands are refused until every processor runs. A command already past that check when a
 * processor stops (a worker's command, a request outliving the graceful shutdown) is checked again just before its
 * transaction commits: a processor that stopped before handling its events is not running then, and the transaction
 * rolls back instead of committing events the stopped processor never saw.
 */
@Component
class ReadModelWriters implements MessageHandlerInterceptor<CommandMessage<?>>, Ordered {

    private static final String SHARED = ReadModelWriters.class.getName() + ".shared";
    /** Bound to a transaction whose commit checks the processors again. */
    private static final Object CHECKED_AT_COMMIT = new Object();
    private static final List<String> READ_MODELS = List.copyOf(ReplayService.TABLES.keySet());

    private final ReadModelLocks locks;
    private final ObjectProvider<EventProcessingConfiguration> processing;

    ReadModelWriters(ReadModelLocks locks, ObjectProvider<EventProcessingConfiguration> processing) {
        this.locks = locks;
        this.processing = processing;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        // a command sent from inside another (a process) is in the same transaction, which holds the locks already
        requireEveryProcessorRunning();
        unitOfWork.root().getOrComputeResource(SHARED, key -> {
            locks.share(READ_MODELS);
            return Boolean.TRUE;
        });
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getResource(CHECKED_AT_COMMIT) == null) {
            TransactionSynchronizationManager.bindResource(CHECKED_AT_COMMIT, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    requireEveryProcessorRunning();
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CHECKED_AT_COMMIT);
                }
            });
        }
        return chain.proceed();
    }

    private void requireEveryProcessorRunning() {
        for (EventProcessor processor : processing.getObject().eventProcessors().values()) {
            if (!processor.isRunning()) {
                throw new IllegalStateException("event processor " + processor.getName() + " is not running");
            }
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
