package io.roster.app.scim;

/** A SCIM error (RFC 7644 §3.12): HTTP status, an optional {@code scimType} and a human detail. */
class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;

    ScimException(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    int status() {
        return status;
    }

    String scimType() {
        return scimType;
    }
}
