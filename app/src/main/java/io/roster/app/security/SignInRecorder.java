package io.roster.app.security;

import io.roster.command.common.ReadModelLocks;
import io.roster.command.user.UsernameHasher;
import org.slf4j.MDC;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/** Records every sign-in and failed sign-in at the login page (for the audit log and last activity). */
@Component
class SignInRecorder {

    private final JdbcClient jdbc;
    private final UsernameHasher hasher;
    private final PeopleDirectory people;
    private final ReadModelLocks locks;
    private final TransactionTemplate transactions;

    SignInRecorder(JdbcClient jdbc, UsernameHasher hasher, PeopleDirectory people, ReadModelLocks locks,
                   TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.people = people;
        this.locks = locks;
        this.transactions = transactions;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken authentication) {
            record(authentication.getName(), null, true, sourceIp(authentication.getDetails()), null);
            // a sign-in is activity: the person's seat is in use
            jdbc.sql("""
                            INSERT INTO user_activity (user_id, last_activity_at, last_kind, last_source)
                            VALUES (?, now(), 'SIGN_IN', 'roster') ON CONFLICT (user_id) DO UPDATE
                            SET last_activity_at = now(), last_kind = 'SIGN_IN', last_source = 'roster'""")
                    .param(authentication.getName()).update();
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
            String username = String.valueOf(attempt.getPrincipal());
            record(people.userIdFor(username).orElse(null), hasher.hash(username), false,
                    sourceIp(attempt.getDetails()), event.getException().getClass().getSimpleName());
        }
    }

    /**
     * One row for last activity, one entry in the audit log (kept across audit rebuilds: not an event). The entry is
     * written under the audit log's read-model lock, like the commands' entries, so a rebuild's swap carries it over.
     */
    private void record(String principalId, String usernameHash, boolean success, String sourceIp, String failure) {
        transactions.executeWithoutResult(status -> {
            locks.share(List.of("audit-log"));
            insert(principalId, usernameHash, success, sourceIp, failure);
        });
    }

    private void insert(String principalId, String usernameHash, boolean success, String sourceIp, String failure) {
        jdbc.sql("INSERT INTO sign_in (principal_id, username_hash, success, source_ip, failure) VALUES (?, ?, ?, ?, ?)")
                .params(principalId, usernameHash, success, sourceIp, failure).update();
        String kind = principalId == null ? null : jdbc.sql("SELECT kind FROM security_principal WHERE principal_id = ?")
                .param(principalId).query(String.class).optional().orElse(null);
        String organization = principalId == null ? null : jdbc.sql(
                "SELECT organization_id FROM security_principal WHERE principal_id = ? AND kind <> 'API_CLIENT'")
                .param(principalId).query(String.class).optional().orElse(null);
        jdbc.sql("""
                        INSERT INTO audit_log (source, occurred_at, event_type, summary, actor_id, actor_type, target_type,
                                               target_id, target_organization_id, request_id, source_ip, changes)
                        VALUES ('SIGN_IN', now(), ?, ?, ?, ?, 'USER', ?, ?, ?, ?, CAST(? AS jsonb))""")
                .params(success ? "SignInSucceeded" : "SignInFailed",
                        success ? "Signed in at the login page" : "Failed sign-in at the login page",
                        principalId, kind == null ? "USER" : kind, principalId, organization, MDC.get("requestId"), sourceIp,
                        failure == null ? null : "{\"failure\": \"" + failure + "\"}")
                .update();
    }

    private static String sourceIp(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }
}
