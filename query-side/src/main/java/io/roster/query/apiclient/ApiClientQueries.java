package io.roster.query.apiclient;

import io.roster.api.ApiClientView;
import io.roster.api.FindApiClient;
import io.roster.api.PrincipalVisibility;
import io.roster.query.common.Cursor;
import io.roster.query.common.Page;
import io.roster.query.common.PageRequest;
import io.roster.query.common.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

@RestController
@RequestMapping("/api/v1/api-clients")
@Tag(name = "API clients")
class ApiClientQueries {

    private final ApiClientRepository clients;
    private final PrincipalVisibility visibility;

    ApiClientQueries(ApiClientRepository clients, PrincipalVisibility visibility) {
        this.clients = clients;
        this.visibility = visibility;
    }

    @QueryHandler
    Optional<ApiClientView> handle(FindApiClient query) {
        return clients.find(query.apiClientId());
    }

    @GetMapping
    @Operation(summary = "List the active API clients the caller may manage: in its scope, holding nothing beyond it "
            + "(never their secrets)")
    Page<ApiClientView> list(@RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) String cursor) {
        return clients.list(Cursor.decode(cursor), PageRequest.limit(limit), this::visible);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One API client")
    ResponseEntity<ApiClientView> get(@PathVariable String id) {
        ApiClientView client = clients.find(id).filter(found -> "DELETED".equals(found.status()) || visible(found))
                .orElseThrow(() -> Problems.notFound("api-client", id));
        if ("DELETED".equals(client.status())) {
            throw Problems.gone("api-client", id);
        }
        return ResponseEntity.ok().eTag("\"" + client.version() + "\"").body(client);
    }

    private boolean visible(ApiClientView client) {
        return visibility.mayAct(client.id(), client.organizationId(), client.roles());
    }
}
