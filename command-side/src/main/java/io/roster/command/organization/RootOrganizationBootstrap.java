package io.roster.command.organization;

import io.roster.command.common.RequestActor;
import io.roster.command.organization.OrganizationCommands.CreateOrganization;
import io.roster.events.OrganizationIds;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Creates the root organization on the very first start. Several nodes may start together: the event
 * store's unique (aggregate, sequence) key lets exactly one creation through, and the others find it there.
 * Runs after Axon has started and before the web server accepts requests.
 */
@Component
class RootOrganizationBootstrap implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RootOrganizationBootstrap.class);

    private final CommandGateway commands;
    private final JdbcClient jdbc;
    private final String rootName;
    private volatile boolean running;

    RootOrganizationBootstrap(CommandGateway commands, JdbcClient jdbc,
                              @Value("${roster.root-organization.name:Root Organization}") String rootName) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.rootName = rootName;
    }

    @Override
    public void start() {
        if (!rootExists()) {
            RequestActor.system("bootstrap-root-organization").runAs(() -> {
                try {
                    commands.sendAndWait(new CreateOrganization(OrganizationIds.ROOT, rootName, null, true));
                    log.info("Created the root organization {}", OrganizationIds.ROOT);
                } catch (RuntimeException e) {
                    if (!rootExists()) {
                        throw e;
                    }
                    log.info("Another node created the root organization first");
                }
            });
        }
        running = true;
    }

    private boolean rootExists() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM org_registry WHERE organization_id = ?)")
                .param(OrganizationIds.ROOT).query(Boolean.class).single();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Axon's handlers and processors, before the web server (Integer.MAX_VALUE - 1024). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
