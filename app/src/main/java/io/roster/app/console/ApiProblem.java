package io.roster.app.console;

/** The API refused a console call: its status and problem document (detail and the offending field). */
class ApiProblem extends RuntimeException {

    private final int status;
    private final String field;

    ApiProblem(int status, String detail, String field) {
        super(detail == null ? "the request was refused (HTTP " + status + ")" : detail);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    /** What the person reads: the API's own explanation. */
    String detail() {
        return getMessage();
    }
}
