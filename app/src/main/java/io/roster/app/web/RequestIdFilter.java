package io.roster.app.web;

import io.roster.command.common.RequestActor;
import io.roster.events.ActorType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request a request id (the caller's X-Request-Id when it is sane, else a new one), echoes it,
 * and names the actor for the commands the request sends. Until authentication exists the actor is the
 * anonymous SYSTEM caller; the plumbing is the same one authenticated principals will use.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String REQUEST_ID_ATTRIBUTE = "roster.requestId";
    private static final Pattern SANE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(REQUEST_ID_HEADER);
        String requestId = offered != null && SANE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        MDC.put("requestId", requestId);
        RequestActor.set(new RequestActor("anonymous", null, ActorType.SYSTEM, requestId, request.getRemoteAddr()));
        try {
            chain.doFilter(request, response);
        } finally {
            RequestActor.clear();
            MDC.remove("requestId");
        }
    }
}
