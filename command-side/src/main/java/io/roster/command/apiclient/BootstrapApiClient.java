package io.roster.command.apiclient;

import io.roster.command.apiclient.ApiClientCommands.CreateApiClient;
import io.roster.command.common.CreateOnce;
import io.roster.events.OrganizationIds;
import io.roster.events.WellKnownIds;
import io.roster.roles.RoleCatalogue;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * On the first start of an empty environment, creates one API client holding Customer Cloud Admin, so that
 * someone can call Roster at all. Its id and secret come from ROSTER_BOOTSTRAP_CLIENT_ID / _SECRET, or are
 * generated and printed once. It has a fixed aggregate id: two nodes starting together create it once, and once
 * it has existed (even if deleted since) it is never created again.
 */
@Component
class BootstrapApiClient extends CreateOnce {

    private static final Logger log = LoggerFactory.getLogger(BootstrapApiClient.class);

    private final CommandGateway commands;
    private final JdbcClient jdbc;
    private final SecretIssuer secrets;
    private final String clientId;
    private final String configuredSecret;

    BootstrapApiClient(CommandGateway commands, JdbcClient jdbc, SecretIssuer secrets,
                       @Value("${roster.bootstrap.client-id:}") String clientId,
                       @Value("${roster.bootstrap.client-secret:}") String configuredSecret) {
        super("bootstrap API client");
        this.commands = commands;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clientId = clientId.isBlank() ? "roster-bootstrap" : clientId;
        this.configuredSecret = configuredSecret;
    }

    @Override
    protected boolean exists() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM domainevententry WHERE aggregateidentifier = ?)")
                .param(WellKnownIds.BOOTSTRAP_API_CLIENT).query(Boolean.class).single();
    }

    @Override
    protected void create() {
        SecretIssuer.Issued secret = configuredSecret.isBlank() ? secrets.issue() : secrets.issue(configuredSecret);
        commands.sendAndWait(new CreateApiClient(WellKnownIds.BOOTSTRAP_API_CLIENT, clientId, "Bootstrap administrator",
                OrganizationIds.ROOT, List.of(RoleCatalogue.CUSTOMER_CLOUD_ADMIN), secret.hash()));
        if (configuredSecret.isBlank()) {
            log.warn("Created the bootstrap API client (Customer Cloud Admin). client id: {}  client secret: {}"
                    + "  -- shown this once; store it now, or rotate it with POST /api/v1/api-clients/{}/rotate-secret",
                    clientId, secret.secret(), WellKnownIds.BOOTSTRAP_API_CLIENT);
        } else {
            log.info("Created the bootstrap API client {} from ROSTER_BOOTSTRAP_CLIENT_ID/_SECRET", clientId);
        }
    }

    /** After the root organization (Integer.MAX_VALUE - 2048), before the web server. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2040;
    }
}
