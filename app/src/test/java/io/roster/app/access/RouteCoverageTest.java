package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.security.AccessPolicyRoutesBridge;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every API route the application serves has exactly one entry in the permission table (or is the public one). */
class RouteCoverageTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void every_api_route_is_in_the_access_policy() {
        List<String> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/") || pattern.startsWith("/scim/")) {
                    info.getMethodsCondition().getMethods().forEach(method -> routes.add(method.name() + " " + pattern));
                }
            }
        }
        assertThat(routes).hasSizeGreaterThan(30);
        List<String> unmapped = routes.stream().filter(route -> !AccessPolicyRoutesBridge.mapped(route)).toList();
        assertThat(unmapped).isEmpty();
        assertThat(AccessPolicyRoutesBridge.all()).allMatch(routes::contains);
    }
}
