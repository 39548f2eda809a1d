package io.roster.app.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Access")
class MeController {

    record Me(String id, String type, String login, String organizationId, List<String> roles,
              List<Caller.Grant> permissions) {
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The caller: its roles and effective permissions with their scopes")
    Me me(@AuthenticationPrincipal Caller caller) {
        return new Me(caller.principalId(), caller.type().name(), caller.login(), caller.organizationId(),
                caller.roles().stream().sorted().toList(), caller.effectivePermissions());
    }
}
