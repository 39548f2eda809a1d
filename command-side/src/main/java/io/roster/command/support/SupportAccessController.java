package io.roster.command.support;

import io.roster.api.FindSupportAccess;
import io.roster.api.SupportAccessView;
import io.roster.command.common.CommandSender;
import io.roster.command.organization.OrganizationCommands.ToggleSupportAccess;
import io.roster.events.OrganizationIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enables or disables Support Access (seed 003). Disabling deactivates every Code42 support user (see
 * {@link SupportAccessProcess}); every change e-mails the Customer Cloud Admins.
 */
@RestController
@Tag(name = "Support Access")
class SupportAccessController {

    private final CommandSender commands;
    private final QueryGateway queries;

    SupportAccessController(CommandSender commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record SupportAccessRequest(@NotNull Boolean enabled) {
    }

    @PutMapping("/api/v1/support-access")
    @Operation(summary = "Enable or disable Support Access; setting the current value again changes nothing")
    SupportAccessView set(@Valid @RequestBody SupportAccessRequest request) {
        return commands.sendAndRead(new ToggleSupportAccess(OrganizationIds.ROOT, request.enabled()), "organization",
                OrganizationIds.ROOT, () -> queries.query(new FindSupportAccess(),
                                ResponseTypes.optionalInstanceOf(SupportAccessView.class)).join()
                        .orElseThrow(() -> new IllegalStateException("support access view missing")));
    }
}
