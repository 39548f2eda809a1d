package io.roster.command.apiclient;

import io.roster.api.ApiClientView;
import io.roster.api.FindApiClient;
import io.roster.command.access.AccessGuard;
import io.roster.command.apiclient.ApiClientCommands.AssignApiClientRole;
import io.roster.command.apiclient.ApiClientCommands.CreateApiClient;
import io.roster.command.apiclient.ApiClientCommands.DeleteApiClient;
import io.roster.command.apiclient.ApiClientCommands.RevokeApiClientRole;
import io.roster.command.apiclient.ApiClientCommands.RotateApiClientSecret;
import io.roster.command.apiclient.ApiClientCommands.SignOutApiClientEverywhere;
import io.roster.command.common.CommandSender;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.Preconditions;
import io.roster.events.OrganizationIds;
import io.roster.roles.RoleWarning;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API clients: machine identities for internal tools, event-sourced like users. */
@RestController
@RequestMapping("/api/v1/api-clients")
@Tag(name = "API clients")
class ApiClientCommandController {

    private static final String RESOURCE = "api-client";
    private static final String[] WRITE = {"api_client.write"};

    private final CommandSender commands;
    private final QueryGateway queries;
    private final IdGenerator ids;
    private final SecretIssuer secrets;
    private final AccessGuard access;

    ApiClientCommandController(CommandSender commands, QueryGateway queries, IdGenerator ids, SecretIssuer secrets,
                               AccessGuard access) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.secrets = secrets;
        this.access = access;
    }

    record CreateApiClientRequest(@NotBlank @Size(max = ApiClient.MAX_NAME_LENGTH) String name,
                                  List<@NotBlank String> roles,
                                  String organizationId,
                                  @Size(min = 3, max = 64) String clientId) {
    }

    /** The client as reads show it, plus the secret: the only time it is ever shown. */
    record IssuedApiClient(String id, String clientId, String clientSecret, String name, String organizationId,
                           List<String> roles, List<RoleWarning> warnings, String status, Instant createdAt,
                           Instant updatedAt, Instant secretRotatedAt, long version) {
        static IssuedApiClient of(ApiClientView view, String secret) {
            return new IssuedApiClient(view.id(), view.clientId(), secret, view.name(), view.organizationId(),
                    view.roles(), view.warnings(), view.status(), view.createdAt(), view.updatedAt(),
                    view.secretRotatedAt(), view.version());
        }
    }

    @PostMapping
    @Operation(summary = "Create an API client; the answer shows its secret once")
    ResponseEntity<IssuedApiClient> create(@Valid @RequestBody CreateApiClientRequest request) {
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        access.requireMayGrant(roles);
        String organization = request.organizationId() == null ? OrganizationIds.ROOT : request.organizationId();
        access.requireOrganizationInScope("organizationId", organization, WRITE);
        String id = ids.newId();
        String clientId = request.clientId() == null ? "rc_" + id.replace("-", "") : request.clientId();
        SecretIssuer.Issued secret = secrets.issue();
        ApiClientView view = commands.sendAndRead(new CreateApiClient(id, clientId, request.name(), organization,
                roles, secret.hash()), RESOURCE, id, () -> read(id));
        return ResponseEntity.created(URI.create("/api/v1/api-clients/" + id)).eTag(Preconditions.etag(view.version()))
                .body(IssuedApiClient.of(view, secret.secret()));
    }

    @PutMapping("/{id}/roles/{roleId}")
    @Operation(summary = "Assign a role to an API client (idempotent)")
    ResponseEntity<ApiClientView> assignRole(@PathVariable String id, @PathVariable String roleId,
                                             @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        access.requireMayGrant(List.of(roleId));
        return respond(commands.sendAndRead(new AssignApiClientRole(id, roleId, Preconditions.aggregateVersion(ifMatch)),
                RESOURCE, id, () -> read(id)));
    }

    @DeleteMapping("/{id}/roles/{roleId}")
    @Operation(summary = "Revoke a role from an API client (idempotent)")
    ResponseEntity<ApiClientView> revokeRole(@PathVariable String id, @PathVariable String roleId,
                                             @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        access.requireMayGrant(List.of(roleId));
        return respond(commands.sendAndRead(new RevokeApiClientRole(id, roleId, Preconditions.aggregateVersion(ifMatch)),
                RESOURCE, id, () -> read(id)));
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(summary = "Replace the secret; the old one stops working at once, the new one is shown once")
    ResponseEntity<IssuedApiClient> rotateSecret(@PathVariable String id) {
        SecretIssuer.Issued secret = secrets.issue();
        ApiClientView view = commands.sendAndRead(new RotateApiClientSecret(id, secret.hash()), RESOURCE, id,
                () -> read(id));
        return ResponseEntity.ok().eTag(Preconditions.etag(view.version())).body(IssuedApiClient.of(view, secret.secret()));
    }

    @PostMapping("/{id}/sign-out")
    @Operation(summary = "Cut every token issued to the API client so far; its secret stays")
    ResponseEntity<ApiClientView> signOutEverywhere(@PathVariable String id) {
        return respond(commands.sendAndRead(new SignOutApiClientEverywhere(id), RESOURCE, id, () -> read(id)));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an API client; its tokens stop working at once")
    ResponseEntity<Void> delete(@PathVariable String id) {
        commands.send(new DeleteApiClient(id), RESOURCE, id);
        return ResponseEntity.noContent().build();
    }

    /** The API client list row the command's transaction wrote. */
    private ApiClientView read(String id) {
        Optional<ApiClientView> view = queries.query(new FindApiClient(id),
                ResponseTypes.optionalInstanceOf(ApiClientView.class)).join();
        return view.orElseThrow(() -> new IllegalStateException("api client " + id + " is not readable after its command"));
    }

    private static ResponseEntity<ApiClientView> respond(ApiClientView view) {
        return ResponseEntity.ok().eTag(Preconditions.etag(view.version())).body(view);
    }
}
