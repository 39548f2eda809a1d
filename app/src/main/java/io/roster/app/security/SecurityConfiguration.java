package io.roster.app.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.roster.app.crypto.PersonalDataVault;
import io.roster.command.common.RequestActor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;

/**
 * Spring Authorization Server issues short-lived JWTs (client credentials for API clients) signed with a key
 * kept in PostgreSQL; the same application is the resource server. Every /api/** and /scim/** call needs a
 * bearer token, and each request re-reads its principal: deactivation, deletion and role changes act at once.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    public static final String PRINCIPAL_ID_CLAIM = "principal_id";
    public static final String PRINCIPAL_TYPE_CLAIM = "principal_type";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcClient jdbc,
                                                          @Value("${roster.security.access-token-ttl:5m}") Duration ttl) {
        return new ApiClientRegistry(jdbc, ttl);
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder().build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(JdbcClient jdbc, PersonalDataVault vault) {
        return SigningKeys.load(jdbc, vault);
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
        return NimbusJwtDecoder.withJwkSource(keys).build();
    }

    /** Tokens name their principal; everything else about it is read fresh on every request. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> principalClaims() {
        return context -> {
            String principalId = context.getRegisteredClient().getId();
            context.getClaims().claim(PRINCIPAL_ID_CLAIM, principalId).claim(PRINCIPAL_TYPE_CLAIM, "API_CLIENT");
        };
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) {
        ProblemResponses problems = new ProblemResponses();
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, Principals principals) {
        ProblemResponses problems = new ProblemResponses();
        http.securityMatcher("/api/**", "/scim/**")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(token -> {
                            String principalId = token.getClaimAsString(PRINCIPAL_ID_CLAIM);
                            Caller caller = principalId == null ? null : principals.activeCaller(principalId).orElse(null);
                            if (caller == null) {
                                throw new InvalidBearerTokenException("the principal behind this token is not active");
                            }
                            return new CallerAuthentication(caller, token);
                        }))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterAfter(new CallerActorFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** Health, the OpenAPI document and Swagger UI are open; nothing else is served outside /api. */
    @Bean
    @Order(3)
    SecurityFilterChain open(HttpSecurity http) {
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** Makes the authenticated caller the actor of every command this request sends. */
    static final class CallerActorFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            RequestActor current = RequestActor.current();
            if (authentication instanceof CallerAuthentication authenticated && current != null) {
                Caller caller = authenticated.caller();
                RequestActor.set(new RequestActor(caller.principalId(), caller.login(), caller.type(),
                        current.requestId(), current.sourceIp()));
            }
            chain.doFilter(request, response);
        }
    }
}
