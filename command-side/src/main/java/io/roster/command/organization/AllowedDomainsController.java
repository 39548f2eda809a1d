package io.roster.command.organization;

import io.roster.command.common.CommandSender;
import io.roster.command.organization.OrganizationCommands.SetAllowedDomains;
import io.roster.events.OrganizationIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The username domains of the environment (seed 000: usernames belong to the company's SSO domain). */
@RestController
@Tag(name = "Settings")
class AllowedDomainsController {

    private static final String PATH = "/api/v1/settings/allowed-domains";

    private final CommandSender commands;
    private final OrganizationDirectory directory;

    AllowedDomainsController(CommandSender commands, OrganizationDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record AllowedDomainsBody(@NotNull List<String> domains) {
    }

    @GetMapping(PATH)
    @Operation(summary = "The allowed username domains (empty: any domain)")
    AllowedDomainsBody get() {
        return new AllowedDomainsBody(directory.allowedDomains());
    }

    @PutMapping(PATH)
    @Operation(summary = "Replace the allowed username domains; new and renamed users (REST, CSV, SCIM) must match one")
    AllowedDomainsBody put(@Valid @RequestBody AllowedDomainsBody body) {
        commands.send(new SetAllowedDomains(OrganizationIds.ROOT, body.domains()), "organization", OrganizationIds.ROOT);
        // as the commands see them: the in-transaction lookups keep them with the command that set them
        return new AllowedDomainsBody(directory.allowedDomains());
    }
}
