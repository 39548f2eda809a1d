package io.roster.command.access;

import io.roster.events.ActorType;
import io.roster.events.AuditMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Applies {@link Containment} to every {@link PrincipalCommand} in the command's own transaction, so no path to a
 * principal (REST, SCIM, CSV import, console) can skip it. Processes acting on their own ({@link ActorType#SYSTEM})
 * are the system itself and exempt from the check, not from the lock.
 * <p>
 * Every command on a principal first takes a transaction-scoped lock on that principal, on every node, before Axon
 * loads (and locks) the aggregate: a role granted by one command cannot slip in between another command's check and
 * its change, so the check always sees what the change will be applied to. One lock order for all of them (this
 * lock, then the aggregate) leaves no room for a deadlock.
 */
public class ContainmentInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The namespace of these advisory locks ("Rost"), apart from every other lock Roster takes. */
    private static final int PRINCIPAL_LOCKS = 0x526f7374;

    private final Containment containment;
    private final JdbcClient jdbc;

    public ContainmentInterceptor(Containment containment, JdbcClient jdbc) {
        this.containment = containment;
        this.jdbc = jdbc;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        if (command.getPayload() instanceof PrincipalCommand principalCommand) {
            if (!principalCommand.creates()) {
                // a principal being created has a fresh id nothing else can name yet: no change to serialize with
                jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))").params(PRINCIPAL_LOCKS,
                        principalCommand.principalId()).query().singleRow();
            }
            if (!ActorType.SYSTEM.name().equals(command.getMetaData().get(AuditMetadata.ACTOR_TYPE))) {
                containment.require((String) command.getMetaData().get(AuditMetadata.ACTOR_ID), principalCommand);
            }
        }
        return chain.proceed();
    }
}
