package io.roster.query.common;

/** CSV cells for exports. */
public final class Csv {

    private Csv() {
    }

    /** RFC 4180 quoting, and no formula injection into spreadsheets (a leading =, +, - or @ is escaped with '). */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.matches(".*[\",\\r\\n].*") || !safe.equals(value) ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
