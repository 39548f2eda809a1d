package io.roster.query.common;

/** Validated page size. */
public final class PageRequest {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private PageRequest() {
    }

    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw Problems.badParameter("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
