package io.railhead.x12;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes X12 text with one partner's separators: segments with trailing empty elements dropped,
 * the segment count of the open transaction set kept for its SE, and element values checked for
 * separator characters (a value that contains one would corrupt the document, so it is refused).
 */
public final class X12Writer {

    private final char elementSeparator;
    private final char componentSeparator;
    private final String segmentTerminator;
    private final StringBuilder out = new StringBuilder(1024);
    private int setSegments;

    public X12Writer(char elementSeparator, char componentSeparator, char segmentTerminator, boolean newline) {
        this.elementSeparator = elementSeparator;
        this.componentSeparator = componentSeparator;
        this.segmentTerminator = segmentTerminator + (newline && segmentTerminator != '\n' ? "\n" : "");
    }

    /** Writes a segment; null elements are empty, trailing empty ones are left out. */
    public X12Writer segment(String id, Object... elements) {
        int last = elements.length;
        while (last > 0 && (elements[last - 1] == null || elements[last - 1].toString().isEmpty())) {
            last--;
        }
        out.append(id);
        for (int i = 0; i < last; i++) {
            out.append(elementSeparator);
            if (elements[i] != null) {
                out.append(clean(elements[i].toString(), id, i + 1));
            }
        }
        out.append(segmentTerminator);
        setSegments++;
        return this;
    }

    /** A composite value from its components. */
    public String composite(Object... components) {
        List<String> parts = new ArrayList<>();
        for (Object c : components) {
            parts.add(c == null ? "" : c.toString());
        }
        while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return String.join(String.valueOf(componentSeparator), parts);
    }

    /** Writes the ISA (fixed width: ids padded to 15, control number to 9 digits). */
    public X12Writer isa(String senderQualifier, String senderId, String receiverQualifier, String receiverId,
                         String date, String time, char repetitionSeparator, String version, String controlNumber,
                         String ackRequested, String usage) {
        String e = String.valueOf(elementSeparator);
        out.append("ISA").append(e).append("00").append(e).append(" ".repeat(10)).append(e).append("00").append(e)
                .append(" ".repeat(10)).append(e).append(pad(senderQualifier, 2)).append(e).append(pad(senderId, 15))
                .append(e).append(pad(receiverQualifier, 2)).append(e).append(pad(receiverId, 15)).append(e)
                .append(date).append(e).append(time).append(e)
                .append(version.compareTo("00402") >= 0 ? repetitionSeparator : 'U').append(e)
                .append(version).append(e).append(controlNumber).append(e).append(ackRequested).append(e)
                .append(usage).append(e).append(componentSeparator).append(segmentTerminator);
        return this;
    }

    /** Starts counting the segments of a transaction set (ST is the first). */
    public X12Writer startSet() {
        setSegments = 0;
        return this;
    }

    /** Segments written since {@link #startSet()}, SE included once written. */
    public int setSegmentCount() {
        return setSegments;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private String clean(String value, String segment, int position) {
        if (value.indexOf(elementSeparator) >= 0 || value.indexOf(segmentTerminator.charAt(0)) >= 0) {
            throw new IllegalArgumentException("value of " + segment + String.format("%02d", position)
                    + " contains a separator character");
        }
        return value;
    }

    private static String pad(String value, int width) {
        if (value.length() > width) {
            throw new IllegalArgumentException("ISA value longer than " + width + " characters");
        }
        return value + " ".repeat(width - value.length());
    }
}
