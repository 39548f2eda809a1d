package io.roster.command.support;

import io.roster.command.access.PrincipalRegistry;
import io.roster.command.common.Refusal;
import io.roster.command.common.RequestActor;
import io.roster.command.user.UserCommands.DeactivateUser;
import io.roster.events.organization.SupportAccessToggled;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Seed 003: when Support Access is disabled, every existing support user is deactivated. A process acting as
 * SYSTEM, caused by the toggle event (the commands carry its id as their correlation id). Never replayed.
 * Until it has run, the per-request access check already refuses support users (their tokens stop at once).
 */
@Component
@ProcessingGroup(SupportAccessProcess.GROUP)
@DisallowReplay
class SupportAccessProcess {

    static final String GROUP = "support-access-process";
    private static final Logger log = LoggerFactory.getLogger(SupportAccessProcess.class);

    private final CommandGateway commands;
    private final PrincipalRegistry principals;

    SupportAccessProcess(CommandGateway commands, PrincipalRegistry principals) {
        this.commands = commands;
        this.principals = principals;
    }

    @EventHandler
    void on(SupportAccessToggled event, EventMessage<?> message) {
        if (event.enabled()) {
            return;
        }
        List<String> supportUsers = principals.activeSupportUsers();
        RequestActor.system("support-access-disabled:" + message.getIdentifier()).runAs(() -> {
            for (String userId : supportUsers) {
                try {
                    commands.sendAndWait(new DeactivateUser(userId, "Support Access was disabled", null));
                } catch (Refusal | AggregateNotFoundException e) {
                    // already deactivated or deleted meanwhile: nothing left to do for this one
                    log.info("Support user {} not deactivated by the Support Access process: {}", userId, e.getMessage());
                }
            }
        });
        log.info("Support Access disabled: deactivated {} support user(s)", supportUsers.size());
    }
}
