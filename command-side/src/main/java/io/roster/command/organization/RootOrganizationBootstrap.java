package io.roster.command.organization;

import io.roster.command.common.CreateOnce;
import io.roster.command.organization.OrganizationCommands.CreateOrganization;
import io.roster.events.OrganizationIds;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Creates the root organization on the very first start, once, even when several nodes start together. */
@Component
class RootOrganizationBootstrap extends CreateOnce {

    private final CommandGateway commands;
    private final JdbcClient jdbc;
    private final String rootName;

    RootOrganizationBootstrap(CommandGateway commands, JdbcClient jdbc,
                              @Value("${roster.root-organization.name:Root Organization}") String rootName) {
        super("root organization");
        this.commands = commands;
        this.jdbc = jdbc;
        this.rootName = rootName;
    }

    @Override
    protected boolean exists() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM org_registry WHERE organization_id = ?)")
                .param(OrganizationIds.ROOT).query(Boolean.class).single();
    }

    @Override
    protected void create() {
        commands.sendAndWait(new CreateOrganization(OrganizationIds.ROOT, rootName, null, true));
    }

    /** After Axon's handlers and processors, before the web server (Integer.MAX_VALUE - 1024). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
