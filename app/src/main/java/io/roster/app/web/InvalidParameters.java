package io.roster.app.web;

import org.apache.tomcat.util.http.InvalidParameterException;

/**
 * Tomcat could not decode the request's parameters (a form body that is not percent-encoded UTF-8; the query
 * string is checked earlier, by {@link QueryStringFilter}): the caller's mistake, a 400.
 */
public final class InvalidParameters {

    private InvalidParameters() {
    }

    public static boolean causedBy(Throwable failure) {
        return Causes.any(failure, cause -> cause instanceof InvalidParameterException);
    }

    public static final String DETAIL = "the request's parameters are not valid percent-encoded UTF-8";
}
