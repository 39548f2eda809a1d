package io.roster.query.organization;

import io.roster.api.OrganizationStatus;
import io.roster.api.OrganizationView;
import io.roster.query.common.CallerScope;
import io.roster.query.common.Cursor;
import io.roster.query.common.Page;
import io.roster.query.common.PageRequest;
import io.roster.query.common.Problems;
import io.roster.query.common.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;


@RestController
@RequestMapping("/api/v1/organizations")
@Tag(name = "Organizations")
class OrganizationQueryController {

    private final OrganizationListRepository organizations;

    OrganizationQueryController(OrganizationListRepository organizations) {
        this.organizations = organizations;
    }

    @GetMapping("/{id}")
    @Operation(summary = "One organization with its parent and children")
    ResponseEntity<OrganizationView> get(@PathVariable String id) {
        OrganizationView organization = organizations.find(id).orElseThrow(() -> Problems.notFound("organization", id));
        return ResponseEntity.ok().eTag("\"" + organization.version() + "\"").body(organization);
    }

    @GetMapping
    @Operation(summary = "List organizations (each with parentId and children); keyset pagination")
    Page<OrganizationView> list(@RequestParam(required = false) String parentId,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String cursor,
                                HttpServletRequest request) {
        CallerScope caller = CallerScope.of(request);
        String scope = caller.self() != null ? "" // a role scoped to oneself sees no organization
                : caller.organizationSubtree();
        return organizations.list(QueryParams.text(parentId), QueryParams.enumValue("status", status, OrganizationStatus.class),
                scope, Cursor.decode(cursor), PageRequest.limit(limit));
    }
}
