package io.roster.command.organization;

import io.roster.api.FindOrganization;
import io.roster.api.OrganizationView;
import io.roster.command.access.AccessGuard;
import io.roster.command.common.CommandSender;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.Preconditions;
import io.roster.command.organization.OrganizationCommands.CreateOrganization;
import io.roster.command.organization.OrganizationCommands.DeactivateOrganization;
import io.roster.command.organization.OrganizationCommands.ReactivateOrganization;
import io.roster.command.organization.OrganizationCommands.SetRetentionPolicy;
import io.roster.command.common.Refusal;
import io.roster.command.organization.OrganizationCommands.UpdateOrganization;
import io.roster.events.OrganizationIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;

@RestController
@RequestMapping("/api/v1/organizations")
@Tag(name = "Organizations")
class OrganizationCommandController {

    private static final String RESOURCE = "organization";
    private static final String[] CREATE = {"org.create", "crossorg_org.create"};
    private static final String[] UPDATE = {"org.update_deactivate", "crossorg_org.update_deactivate"};

    private final CommandSender commands;
    private final QueryGateway queries;
    private final IdGenerator ids;
    private final AccessGuard access;

    OrganizationCommandController(CommandSender commands, QueryGateway queries, IdGenerator ids, AccessGuard access) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.access = access;
    }

    record CreateOrganizationRequest(@NotBlank @Size(max = Organization.MAX_NAME_LENGTH) String name,
                                     String parentId) {
    }

    record UpdateOrganizationRequest(@Size(min = 1, max = Organization.MAX_NAME_LENGTH) String name,
                                     String parentId) {
    }

    @PostMapping
    @Operation(summary = "Create an organization (under the root organization when no parent is given)")
    ResponseEntity<OrganizationView> create(@Valid @RequestBody CreateOrganizationRequest request) {
        access.requireOrganizationInScope("parentId",
                request.parentId() == null ? OrganizationIds.ROOT : request.parentId(), CREATE);
        String id = ids.newId();
        return respond(id, new CreateOrganization(id, request.name(), request.parentId(), false),
                ResponseEntity.created(URI.create("/api/v1/organizations/" + id)));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Rename and/or move an organization; honours If-Match")
    ResponseEntity<OrganizationView> update(@PathVariable String id,
                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @Valid @RequestBody UpdateOrganizationRequest request) {
        if (request.parentId() != null) {
            access.requireOrganizationInScope("parentId", request.parentId(), UPDATE);
        }
        return respond(id, new UpdateOrganization(id, request.name(), request.parentId(),
                Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    @PostMapping("/{id}/deactivate")
    @Operation(summary = "Deactivate an organization (refused while it has active users or active children)")
    ResponseEntity<OrganizationView> deactivate(@PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return respond(id, new DeactivateOrganization(id, Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    @PostMapping("/{id}/reactivate")
    @Operation(summary = "Reactivate an organization (its parent must be active)")
    ResponseEntity<OrganizationView> reactivate(@PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return respond(id, new ReactivateOrganization(id, Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    record RetentionRequest(String deactivatedUserRetention) {
    }

    @PutMapping("/{id}/retention")
    @Operation(summary = "Delete deactivated users after this long (ISO-8601 days, e.g. P365D), or null to keep them;"
            + " children without their own policy inherit it")
    ResponseEntity<OrganizationView> setRetention(@PathVariable String id,
                                                  @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  @RequestBody RetentionRequest request) {
        return respond(id, new SetRetentionPolicy(id, retention(request.deactivatedUserRetention()),
                Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    private static Duration retention(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("deactivatedUserRetention", "invalid-field",
                    "deactivatedUserRetention must be an ISO-8601 duration such as P365D, or null");
        }
    }

    /** Sends the command and answers with the organization row its transaction wrote, read in that transaction. */
    private ResponseEntity<OrganizationView> respond(String id, Object command, ResponseEntity.BodyBuilder builder) {
        OrganizationView view = commands.sendAndRead(command, RESOURCE, id, () -> queries.query(new FindOrganization(id),
                        ResponseTypes.optionalInstanceOf(OrganizationView.class)).join()
                .orElseThrow(() -> new IllegalStateException("organization " + id + " has no row after its command")));
        return builder.eTag(Preconditions.etag(view.version())).body(view);
    }
}
