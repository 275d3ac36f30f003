package io.closeloop.nlp.text;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records (quoted fields, doubled quotes, CRLF or LF, a leading BOM) with any one-character delimiter,
 * each with the line it starts on, so an import can say exactly where a file is wrong. Tab-separated text has
 * no quoting (IANA text/tab-separated-values): a quote there is just a character.
 */
public final class DelimitedText {

    /** One record: its fields and the 1-based line it starts on. */
    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }
    }

    /** A file that is not well-formed, with the line of the problem. */
    public static final class MalformedException extends RuntimeException {
        private final int line;

        public MalformedException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private DelimitedText() {
    }

    /** Reads every record; blank lines are skipped. */
    public static List<Row> read(Reader reader, char delimiter) {
        try {
            return parse(reader, delimiter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> parse(Reader reader, char delimiter) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        boolean rowHasContent = false;
        int c = reader.read();
        if (c == '\uFEFF') {
            c = reader.read();
        }
        while (c != -1) {
            if (quoted) {
                if (c == '"') {
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = next;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && delimiter != '\t') {
                if (field.length() > 0 || fieldWasQuoted) {
                    throw new MalformedException(line, "a quote inside an unquoted field; quote the whole field and double the quote");
                }
                quoted = true;
                fieldWasQuoted = true;
                rowHasContent = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
                rowHasContent = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r') {
                    int next = reader.read();
                    if (next != '\n') {
                        c = next;
                        endRow(rows, fields, field, rowLine, rowHasContent);
                        line++;
                        rowLine = line;
                        rowHasContent = false;
                        fieldWasQuoted = false;
                        continue;
                    }
                }
                endRow(rows, fields, field, rowLine, rowHasContent);
                line++;
                rowLine = line;
                rowHasContent = false;
                fieldWasQuoted = false;
            } else {
                if (fieldWasQuoted) {
                    throw new MalformedException(line, "text after a closing quote; a quoted field must end at the delimiter");
                }
                field.append((char) c);
                rowHasContent = true;
            }
            c = reader.read();
        }
        if (quoted) {
            throw new MalformedException(rowLine, "a quoted field is never closed");
        }
        endRow(rows, fields, field, rowLine, rowHasContent);
        return rows;
    }

    private static void endRow(List<Row> rows, List<String> fields, StringBuilder field, int line, boolean hasContent) {
        if (hasContent) {
            fields.add(field.toString());
            rows.add(new Row(line, fields));
        }
        fields.clear();
        field.setLength(0);
    }
}
