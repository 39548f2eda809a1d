package io.roster.app.security;

import io.roster.roles.RoleScope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * The Prometheus scrape endpoint is operations data (processor names, request rates, database pools): served to a
 * bearer token of a caller holding the operations permission in every organization (Customer Cloud Admin, as for
 * /api/v1/admin/processors), or without a token to callers on this host through the management port when
 * {@code management.server.port} is set (bind that port to 127.0.0.1 with {@code management.server.address}; a
 * scrape from elsewhere on it still needs the token). Health stays open for load balancers.
 */
@Configuration(proxyBeanMethods = false)
class MetricsSecurity {

    static final Set<String> OPERATIONS_PERMISSION = Set.of("support_user.toggle_creation");

    /** First: its matcher takes only the scrape endpoint, which the open chain would otherwise serve to anyone. */
    @Bean
    @Order(0)
    SecurityFilterChain metrics(HttpSecurity http, Principals principals,
                                @Value("${management.endpoints.web.base-path:/actuator}") String basePath,
                                @Value("${management.server.port:-1}") int managementPort,
                                @Value("${server.port:8080}") int serverPort) throws Exception {
        boolean separatePort = managementPort > 0 && managementPort != serverPort;
        SecurityConfiguration.bearerTokensOnly(http.securityMatcher(basePath + "/prometheus", basePath + "/prometheus/**")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().access((authentication, context) ->
                        new AuthorizationDecision(separatePort && fromThisHost(context.getRequest(), managementPort)
                                || authentication.get() instanceof CallerAuthentication caller
                                && caller.caller().scopeFor(OPERATIONS_PERMISSION)
                                .filter(RoleScope.ALL_ORGANIZATIONS::equals).isPresent()))), principals);
        return http.build();
    }

    private static boolean fromThisHost(HttpServletRequest request, int managementPort) {
        if (request.getLocalPort() != managementPort) {
            return false;
        }
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
