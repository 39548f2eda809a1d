package io.roster.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The console pages a person not yet signed in is brought back to after signing in; the request is kept in the
 * session until then. Not htmx requests (searches, polls: not pages), and not a search for people ({@code q}): its
 * text is often a username or a name, which a session of nobody's would keep until it expires.
 */
final class PagesToReturnTo implements RequestMatcher {

    @Override
    public boolean matches(HttpServletRequest request) {
        return request.getHeader("HX-Request") == null && request.getParameter("q") == null;
    }
}
