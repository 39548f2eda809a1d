package io.roster.app.security;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Work done later on someone's behalf (an import job's rows) runs as that principal as it is at that moment: its
 * current roles and scope, read again, so every rule a request meets (route permissions, scope, privilege
 * containment) applies to it, and a principal deactivated or stripped of a role meanwhile can no longer act.
 */
@Component
public class CallerContexts {

    private final Principals principals;

    CallerContexts(Principals principals) {
        this.principals = principals;
    }

    /** Runs {@code action} as the principal; false (and nothing run) when it is no longer an active principal. */
    public boolean runAs(String principalId, Runnable action) {
        var caller = principals.activeCaller(principalId);
        if (caller.isEmpty()) {
            return false;
        }
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller.get(), null));
        SecurityContextHolder.setContext(context);
        try {
            action.run();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
        return true;
    }
}
