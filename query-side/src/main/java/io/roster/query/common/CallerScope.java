package io.roster.query.common;

import io.roster.api.AccessScope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/**
 * How far the caller of a list query sees, as the access policy established it: every organization, one
 * organization's subtree, or only itself. A request on which the policy established nothing is refused: scope fails
 * closed, it never widens to "everything".
 */
public record CallerScope(String organizationSubtree, String self) {

    public static CallerScope of(HttpServletRequest request) {
        String subtree = (String) request.getAttribute(AccessScope.ORGANIZATION_SUBTREE);
        String self = (String) request.getAttribute(AccessScope.SELF);
        boolean all = Boolean.TRUE.equals(request.getAttribute(AccessScope.ALL_ORGANIZATIONS));
        if ((all ? 1 : 0) + (subtree != null ? 1 : 0) + (self != null ? 1 : 0) != 1) {
            throw Problems.of(HttpStatus.FORBIDDEN, "forbidden", "no scope was established for this caller", null);
        }
        return new CallerScope(subtree, self);
    }
}
