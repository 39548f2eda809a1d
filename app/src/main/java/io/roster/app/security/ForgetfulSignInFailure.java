package io.roster.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;

/**
 * A failed sign-in goes back to the login page with {@code ?error} and leaves nothing in the session. Spring's
 * default handler keeps the exception there ({@code SPRING_SECURITY_LAST_EXCEPTION}), and the exception carries the
 * attempt with the username typed: a session row of nobody's (so not removed with a deleted person) would hold a
 * username until it expires. The login page says "Invalid credentials" either way.
 */
final class ForgetfulSignInFailure implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        response.sendRedirect(request.getContextPath() + "/login?error");
    }
}
