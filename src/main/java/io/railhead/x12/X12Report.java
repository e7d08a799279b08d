package io.railhead.x12;

import java.util.ArrayList;
import java.util.List;

/**
 * What the streaming reader found in one interchange besides its content: the envelope values,
 * the separators, and every error at the level where X12 reports it — interchange (TA1 note
 * codes), functional group (AK9 codes), transaction set (AK5 codes with AK3/AK4 detail). The
 * 997 and TA1 are written from it; which transaction sets go on to the order pipeline is decided
 * from it.
 */
public final class X12Report {

    /** Segment errors listed per transaction set (AK3 in the 997); a set with more is rejected. */
    public static final int MAX_SEGMENT_ERRORS = 100;
    /** Envelope errors listed per interchange; more are only counted. */
    public static final int MAX_INTERCHANGE_ERRORS = 100;

    /** Why nothing of the interchange could be read at all (not X12, empty, cut short in the ISA). */
    public String unreadable;

    public char elementSeparator = '*';
    public char componentSeparator = '>';
    public char segmentTerminator = '~';
    public Character repetitionSeparator;

    public String senderQualifier;
    public String senderId;
    public String receiverQualifier;
    public String receiverId;
    public String date;
    public String time;
    public String version;
    public String controlNumber;
    public String ackRequested;
    public String usage;

    /** TA1 note codes (TA105) of envelope errors, with a description each. */
    public final List<Issue> interchangeErrors = new ArrayList<>();
    /** Envelope errors past {@link #MAX_INTERCHANGE_ERRORS}, counted, not listed. */
    public int interchangeErrorsOmitted;
    public final List<Group> groups = new ArrayList<>();

    /** An error code with the words an operator reads in the exception list. */
    public record Issue(String code, String description) {
    }

    /** One functional group (GS to GE). */
    public static final class Group {
        public String functionalId;
        public String senderCode;
        public String receiverCode;
        public String controlNumber;
        public String version;
        /** AK905..AK909 codes. */
        public final List<Issue> errors = new ArrayList<>();
        public final List<TransactionSet> sets = new ArrayList<>();

        public long accepted() {
            return sets.stream().filter(s -> !s.rejected()).count();
        }

        /** AK901: A, E (accepted with errors), P (some sets rejected) or R. */
        public String ackCode() {
            if (!errors.isEmpty() || sets.isEmpty() || accepted() == 0) {
                return "R";
            }
            if (accepted() < sets.size()) {
                return "P";
            }
            return sets.stream().anyMatch(s -> !s.segmentErrors.isEmpty()) ? "E" : "A";
        }
    }

    /** One transaction set (ST to SE). */
    public static final class TransactionSet {
        public String code;
        public String controlNumber;
        /** Position of this set in its group (0-based): where its bound content is. */
        public int index;
        public int segmentCount;
        /** AK502..AK506 codes. */
        public final List<Issue> errors = new ArrayList<>();
        public final List<SegmentError> segmentErrors = new ArrayList<>();
        /** Segment errors past {@link #MAX_SEGMENT_ERRORS}, counted, not listed (the set is rejected). */
        public int segmentErrorsOmitted;
        /** An error that makes the content unusable (mandatory data missing, structure broken). */
        public boolean fatal;

        public boolean rejected() {
            return fatal || !errors.isEmpty();
        }

        /** AK501: A, E or R. */
        public String ackCode() {
            return rejected() ? "R" : segmentErrors.isEmpty() ? "A" : "E";
        }
    }

    /** AK3 (segment) with its AK4s (elements). */
    public record SegmentError(String segmentId, int position, String loopId, String code, String description,
                               List<ElementError> elementErrors) {
    }

    /** AK4: element position (and component), dictionary reference, error code, the bad value. */
    public record ElementError(int position, Integer component, String reference, String code, String description,
                               String badValue) {
    }

    public boolean envelopeRejected() {
        return unreadable != null || !interchangeErrors.isEmpty();
    }

    /** Everything found, for the exception list and logs (no element values). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (unreadable != null) {
            sb.append(unreadable).append("; ");
        }
        interchangeErrors.forEach(e -> sb.append("interchange ").append(e.code()).append(' ')
                .append(e.description()).append("; "));
        if (interchangeErrorsOmitted > 0) {
            sb.append("and ").append(interchangeErrorsOmitted).append(" more envelope error(s), not listed; ");
        }
        for (Group g : groups) {
            g.errors.forEach(e -> sb.append("group ").append(g.controlNumber).append(' ').append(e.code()).append(' ')
                    .append(e.description()).append("; "));
            for (TransactionSet s : g.sets) {
                s.errors.forEach(e -> sb.append("set ").append(s.code).append('/').append(s.controlNumber).append(' ')
                        .append(e.code()).append(' ').append(e.description()).append("; "));
                for (SegmentError se : s.segmentErrors) {
                    sb.append("set ").append(s.code).append('/').append(s.controlNumber).append(" segment ")
                            .append(se.segmentId()).append(" #").append(se.position());
                    if (se.code() != null) {
                        sb.append(" ").append(se.code()).append(' ').append(se.description());
                    }
                    se.elementErrors().forEach(ee -> sb.append(", element ").append(ee.position())
                            .append(ee.component() == null ? "" : "-" + ee.component()).append(' ').append(ee.code())
                            .append(' ').append(ee.description()));
                    sb.append("; ");
                }
                if (s.segmentErrorsOmitted > 0) {
                    sb.append("set ").append(s.code).append('/').append(s.controlNumber).append(" and ")
                            .append(s.segmentErrorsOmitted).append(" more segment error(s), not listed; ");
                }
            }
        }
        return sb.length() > 2 ? sb.substring(0, sb.length() - 2) : "";
    }
}
