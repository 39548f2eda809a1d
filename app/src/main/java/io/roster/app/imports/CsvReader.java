package io.roster.app.imports;

import io.roster.command.common.Refusal;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: commas, double quotes (with "" inside), CRLF or LF line ends, an optional UTF-8 byte order mark. */
final class CsvReader {

    private CsvReader() {
    }

    /** Every record of {@code text}; blank lines are skipped. */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line++;
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                if (!(record.size() == 1 && record.get(0).isBlank())) {
                    records.add(record);
                }
                record = new ArrayList<>();
            } else if (c == '"') {
                throw Refusal.invalid("body", "invalid-csv", "line " + line + ": a quote inside an unquoted field");
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw Refusal.invalid("body", "invalid-csv", "line " + line + ": a quoted field is never closed");
        }
        record.add(field.toString());
        if (!(record.size() == 1 && record.get(0).isBlank())) {
            records.add(record);
        }
        return records;
    }
}
