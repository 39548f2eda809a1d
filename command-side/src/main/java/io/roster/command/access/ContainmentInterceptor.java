package io.roster.command.access;

import io.roster.events.ActorType;
import io.roster.events.AuditMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Applies {@link Containment} to every {@link PrincipalCommand} in the command's own transaction, so no path to a
 * principal (REST, SCIM, CSV import, console) can skip it, and a change committed meanwhile on the same principal
 * makes this command retry on the new state. Processes acting on their own ({@link ActorType#SYSTEM}) are the
 * system itself and exempt.
 */
public class ContainmentInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final Containment containment;

    public ContainmentInterceptor(Containment containment) {
        this.containment = containment;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        if (command.getPayload() instanceof PrincipalCommand principalCommand
                && !ActorType.SYSTEM.name().equals(command.getMetaData().get(AuditMetadata.ACTOR_TYPE))) {
            containment.require((String) command.getMetaData().get(AuditMetadata.ACTOR_ID), principalCommand);
        }
        return chain.proceed();
    }
}
