package io.railhead.channel.pos;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records read one at a time from a stream, for {@link PosCsvParser}: fields with commas,
 * doubled quotes or line breaks inside double quotes, CRLF or LF line ends, a leading byte order mark
 * ignored. A quoted field may span lines; a record is one row of the file's numbering.
 */
final class CsvRecords {

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int pos;
    private int length;
    private boolean started;
    private int rowNumber;
    private int width = 16;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The 1-based number of the record last returned (the header is row 1). */
    int rowNumber() {
        return rowNumber;
    }

    /** The next record's fields, or null at the end of the stream. */
    List<String> next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                pos++;
            }
        }
        if (peek() < 0) {
            return null;
        }
        List<String> row = new ArrayList<>(width);
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        while (true) {
            int c = read();
            if (c < 0) {
                row.add(cell.toString());
                break;
            }
            char ch = (char) c;
            if (quoted) {
                if (ch == '"' && peek() == '"') {
                    cell.append('"');
                    pos++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && peek() == '\n') {
                    pos++;
                }
                row.add(cell.toString());
                break;
            } else {
                cell.append(ch);
            }
        }
        rowNumber++;
        width = Math.max(width, row.size());
        return row;
    }

    private int read() throws IOException {
        int c = peek();
        if (c >= 0) {
            pos++;
        }
        return c;
    }

    private int peek() throws IOException {
        if (pos >= length) {
            length = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[pos];
    }
}
