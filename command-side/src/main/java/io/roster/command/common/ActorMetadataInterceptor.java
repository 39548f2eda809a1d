package io.roster.command.common;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Puts "who did it" on every command. A command sent with no actor on the thread is a programming error
 * everywhere but in processes, so it is attributed to SYSTEM with a fresh request id rather than lost.
 */
public class ActorMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        RequestActor actor = RequestActor.current();
        RequestActor effective = actor != null ? actor : RequestActor.system(UUID.randomUUID().toString());
        return (index, command) -> command.andMetaData(effective.asMetadata());
    }
}
