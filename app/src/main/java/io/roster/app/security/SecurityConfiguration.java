package io.roster.app.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.roster.app.crypto.PersonalDataVault;
import io.roster.command.common.RequestActor;
import io.roster.command.user.UsernameHasher;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.jackson.OAuth2AuthorizationServerJacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Spring Authorization Server issues short-lived JWTs (client credentials for API clients) signed with a key
 * kept in PostgreSQL; the same application is the resource server. Every /api/** and /scim/** call needs a
 * bearer token, and each request re-reads its principal: deactivation, deletion and role changes act at once.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    public static final String PRINCIPAL_ID_CLAIM = "principal_id";
    public static final String PRINCIPAL_TYPE_CLAIM = "principal_type";
    /** The browser's address in tokens the console mints for a person (the API records it as the source IP). */
    public static final String CLIENT_IP_CLAIM = "client_ip";
    /** The audience of every token Roster issues (the authorization server's and the console's): its own API. */
    public static final String AUDIENCE = "roster-api";

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcClient jdbc,
                                                          @Value("${roster.security.access-token-ttl:5m}") Duration ttl,
                                                          @Value("${roster.security.sign-in-client.id:roster-cli}") String signInClient,
                                                          @Value("${roster.security.sign-in-client.redirect-uris}") List<String> redirectUris) {
        return new ApiClientRegistry(jdbc, ttl, signInClient, redirectUris);
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, JdbcClient sql, RegisteredClientRepository clients) {
        JdbcOAuth2AuthorizationService store = new JdbcOAuth2AuthorizationService(jdbc, clients);
        // the stored claims hold Roster's millisecond issue time, a java.lang.Long, which Spring's default reader
        // refuses to read back (it allows only its own types): without this, finding a token (to revoke it) fails
        BasicPolymorphicTypeValidator.Builder types = BasicPolymorphicTypeValidator.builder().allowIfSubType(Long.class);
        ClassLoader loader = JdbcOAuth2AuthorizationService.class.getClassLoader();
        store.setAuthorizationRowMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients,
                JsonMapper.builder().addModules(SecurityJacksonModules.getModules(loader, types))
                        .addModule(new OAuth2AuthorizationServerJacksonModule()).build()));
        return new RevokingAuthorizationService(store, sql);
    }

    /**
     * The issuer is Roster's configured public address, never the request's {@code Host} header: otherwise anyone
     * could have tokens (and the discovery documents) name an issuer of their choosing.
     */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${roster.public-url}") String publicUrl) {
        return AuthorizationServerSettings.builder().issuer(issuer(publicUrl)).build();
    }

    static String issuer(String publicUrl) {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(JdbcClient jdbc, PersonalDataVault vault) {
        return SigningKeys.load(jdbc, vault);
    }

    /**
     * Only tokens Roster issued for its API: its key, its issuer, its audience, and within their time. The clock
     * skew allowed past {@code exp} (and before {@code nbf}) is set here rather than left to Spring's default; a
     * token is accepted for at most its lifetime plus this allowance.
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, @Value("${roster.public-url}") String publicUrl,
                          @Value("${roster.security.clock-skew:30s}") Duration skew,
                          @Value("${roster.security.verified-tokens:10000}") int verifiedTokens) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(skew),
                new JwtIssuerValidator(issuer(publicUrl)),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(AUDIENCE))));
        // a client sends one token for minutes: its signature is checked once, its principal still on every request
        return new VerifiedTokens(decoder, Clock.systemUTC(), verifiedTokens);
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: with an
     * {@code ObservationRegistry} present Spring Security wraps every filter of every chain in one, about 5 % of a
     * request's CPU for {@code spring_security_*} timers that split, filter by filter, what the HTTP server's own
     * observation already times per request ({@code http_server_requests}, Spring MVC's, which stays).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Tokens name their principal; everything else about it is read fresh on every request. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> principalClaims() {
        return context -> {
            // Roster's API is the only audience (Spring would name the client, which the API cannot tell from others);
            // a singleton list, a type Spring's stored authorizations can be read back with
            context.getClaims().audience(java.util.Collections.singletonList(AUDIENCE));
            // the issue time to the millisecond: a token from before a secret rotation must be told apart (BearerCallers)
            context.getClaims().claims(claims -> {
                if (claims.get("iat") instanceof java.time.Instant issuedAt) {
                    claims.put(BearerCallers.ISSUED_AT_MILLIS_CLAIM, issuedAt.toEpochMilli());
                }
            });
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                context.getClaims().claim(PRINCIPAL_ID_CLAIM, context.getRegisteredClient().getId())
                        .claim(PRINCIPAL_TYPE_CLAIM, "API_CLIENT");
            } else {
                // a person who signed in: the principal's name is the user id (see PeopleDirectory)
                context.getClaims().claim(PRINCIPAL_ID_CLAIM, context.getPrincipal().getName())
                        .claim(PRINCIPAL_TYPE_CLAIM, "PERSON");
            }
        };
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, SignInThrottle throttle, RegisteredClientRepository clients,
                                            PasswordEncoder passwords, ConsoleAccess console,
                                            @Value("${roster.security.sign-in-client.id:roster-cli}") String signInClient) {
        ProblemResponses problems = new ProblemResponses();
        MediaTypeRequestMatcher browser = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        browser.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.clientAuthentication(client -> client.authenticationProviders(
                            providers -> providers.add(0, new UnknownClientSecretCheck(clients, passwords))));
                })
                // before client authentication (which Spring places right after the pre-authentication slot)
                .addFilterBefore(SignInThrottleFilter.tokenEndpoint(throttle, signInClient), AbstractPreAuthenticatedProcessingFilter.class)
                // the person behind a session is re-read before /oauth2/authorize hands out a code on its strength
                .addFilterAfter(console.activePersonFilterForAuthorization(),
                        org.springframework.security.web.context.SecurityContextHolderFilter.class)
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                // people who are not signed in yet are sent to the login page; machines get a 401 problem
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browser)
                        .defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE));
        return http.build();
    }

    /** The login page (people), with CSRF protection and a session shared by all nodes (Spring Session JDBC). */
    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http, PeopleDirectory people, PasswordEncoder passwords,
                               SignInThrottle throttle, UsernameHasher usernames, ConsoleAccess console) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(people);
        provider.setPasswordEncoder(passwords);
        http.securityMatcher("/login", "/logout", "/default-ui.css")
                .authenticationProvider(provider)
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .formLogin(form -> form.successHandler(rememberLogin(new SavedRequestAwareAuthenticationSuccessHandler()))
                        .failureHandler(new ForgetfulSignInFailure()))
                .logout(logout -> logout.addLogoutHandler(console.revokeTokenOnLogout()))
                .addFilterBefore(SignInThrottleFilter.loginForm(throttle, usernames), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The admin console: the person's session from the login page, CSRF on every change, and the person re-read on
     * every request (see {@link ConsoleAccess}). Anyone not signed in is sent to the login page.
     */
    /**
     * Keeps the name the person signed in with in their session, for the console's header: a person's principal is
     * their user id, and their username is personal data that no token or metadata carries.
     */
    private static org.springframework.security.web.authentication.AuthenticationSuccessHandler rememberLogin(
            org.springframework.security.web.authentication.AuthenticationSuccessHandler next) {
        return (request, response, authentication) -> {
            ConsoleAccess.forgetToken(request);
            String login = request.getParameter("username");
            if (login != null) {
                request.getSession().setAttribute(ConsoleAccess.SIGNED_IN_AS, login.trim());
            }
            request.getSession().setAttribute(ConsoleAccess.SIGNED_IN_AT, java.time.Instant.now());
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    private static org.springframework.security.web.savedrequest.RequestCache htmxIgnoringRequestCache() {
        org.springframework.security.web.savedrequest.HttpSessionRequestCache cache =
                new org.springframework.security.web.savedrequest.HttpSessionRequestCache();
        cache.setRequestMatcher(new PagesToReturnTo());
        return cache;
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, ConsoleAccess access) {
        http.securityMatcher("/console/**", "/webjars/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/webjars/**", "/console/assets/**").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(ConsoleAccess.loginEntryPoint()))
                // htmx requests (searches, polls) are not pages to come back to after signing in
                .requestCache(cache -> cache.requestCache(htmxIgnoringRequestCache()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
                                + " style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")))
                .addFilterAfter(access.activePersonFilter(),
                        org.springframework.security.web.access.ExceptionTranslationFilter.class);
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain api(HttpSecurity http, Principals principals) throws Exception {
        bearerTokensOnly(http.securityMatcher("/api/**", "/scim/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.POST, AccessPolicy.ACTIVATION).permitAll()
                        .anyRequest().authenticated()), principals)
                .addFilterAfter(new CallerActorFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /**
     * A chain for machines: no session, no CSRF (no cookie is ever trusted), the caller from its bearer token re-read
     * as it is now, and every refusal as problem+json.
     */
    static HttpSecurity bearerTokensOnly(HttpSecurity http, Principals principals) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        return http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new BearerCallers(principals)))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    }

    /** Health, the OpenAPI document and Swagger UI are open; nothing else is served outside /api. */
    @Bean
    @Order(5)
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
            Optional<Caller> authenticated = CallerAuthentication.current();
            RequestActor current = RequestActor.current();
            if (authenticated.isPresent() && current != null) {
                Caller caller = authenticated.get();
                // the console calls the API from this host on a person's behalf; its token names their browser
                String sourceIp = SecurityContextHolder.getContext().getAuthentication().getCredentials() instanceof Jwt jwt
                        && jwt.getClaimAsString(CLIENT_IP_CLAIM) != null ? jwt.getClaimAsString(CLIENT_IP_CLAIM) : current.sourceIp();
                RequestActor.set(new RequestActor(caller.principalId(), caller.login(), caller.type(),
                        current.requestId(), sourceIp));
            }
            chain.doFilter(request, response);
        }
    }
}
