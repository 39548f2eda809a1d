package io.roster.command.common;

/**
 * A command refused by a rule of the domain. Carries everything an RFC 9457 problem needs: a stable type,
 * the kind (which decides the HTTP status), a human detail and, where one field is at fault, its name.
 * Nothing was written when this is thrown: the unit of work rolls back.
 */
public class Refusal extends RuntimeException {

    public enum Kind {
        INVALID(400), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), GONE(410), PRECONDITION_FAILED(412), UNPROCESSABLE(422), UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String type;
    private final String field;

    public Refusal(Kind kind, String type, String detail, String field) {
        super(detail, null, false, false);
        this.kind = kind;
        this.type = type;
        this.field = field;
    }

    public static Refusal invalid(String field, String type, String detail) {
        return new Refusal(Kind.INVALID, type, detail, field);
    }

    public static Refusal notFound(String type, String detail) {
        return new Refusal(Kind.NOT_FOUND, type, detail, null);
    }

    public static Refusal conflict(String type, String detail) {
        return new Refusal(Kind.CONFLICT, type, detail, null);
    }

    public static Refusal conflict(String type, String detail, String field) {
        return new Refusal(Kind.CONFLICT, type, detail, field);
    }

    public static Refusal gone(String type, String detail) {
        return new Refusal(Kind.GONE, type, detail, null);
    }

    public static Refusal unprocessable(String field, String type, String detail) {
        return new Refusal(Kind.UNPROCESSABLE, type, detail, field);
    }

    /** The caller's {@code If-Match} names a version that is no longer current. */
    public static Refusal staleVersion(long expected, long actual) {
        return new Refusal(Kind.PRECONDITION_FAILED, "stale-version",
                "If-Match names version " + expected + " but the current version is " + actual, null);
    }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }
}
