package io.railhead.x12;

import io.railhead.x12.X12Report.ElementError;
import io.railhead.x12.X12Report.Issue;
import io.railhead.x12.X12Report.SegmentError;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Streaming X12 reader: one pass over the text of a file, segment by segment, with the separators
 * taken from each ISA. It hands the content to an {@link X12Handler} (no tree is built here) while
 * checking it against the transaction sets' schemas and the envelope rules, and returns per
 * interchange an {@link X12Report} with every error at the level the 997/TA1 report it. A file may
 * hold several interchanges, an interchange several groups, a group several transaction sets.
 * Nothing in the input makes it throw: whatever is wrong ends up in the report.
 */
public final class X12Parser {

    private final X12SchemaLoader schemas;

    public X12Parser(X12SchemaLoader schemas) {
        this.schemas = schemas;
    }

    /** Parses every interchange of the text; emits {@code X12 > Interchange*} to the handler. */
    public List<X12Report> parse(CharSequence text, X12Handler handler) {
        List<X12Report> reports = new ArrayList<>();
        handler.start("X12", false);
        int pos = skipWhitespace(text, 0);
        do {
            Run run = new Run(text, pos, handler);
            reports.add(run.interchange());
            pos = skipWhitespace(text, run.pos);
        } while (pos < text.length() && reports.get(reports.size() - 1).unreadable == null);
        handler.end("X12");
        return reports;
    }

    private static int skipWhitespace(CharSequence text, int pos) {
        while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == '\uFEFF')) {
            pos++;
        }
        return pos;
    }

    /** Reading one interchange from a position. */
    private final class Run {
        private final CharSequence text;
        private final X12Handler h;
        private final X12Report report = new X12Report();
        private int pos;
        private char es;
        private char cs;
        private char st;
        private final List<String> parts = new ArrayList<>(32);

        Run(CharSequence text, int pos, X12Handler handler) {
            this.text = text;
            this.pos = pos;
            this.h = handler;
        }

        X12Report interchange() {
            if (!readIsa()) {
                pos = text.length();
                return report;
            }
            h.start("Interchange", true);
            emitEnvelope("ISA", parts);
            X12Report.Group group = null;
            GroupState gs = null;
            SetState set = null;
            boolean trailer = false;
            while (true) {
                String id = nextSegment();
                if (id == null) {
                    break;
                }
                switch (id) {
                    case "ISA" -> {
                        // the next interchange of the file starts: this one had no IEA
                        pos = segmentStart;
                        id = null;
                    }
                    case "GS" -> {
                        if (set != null) {
                            set.missingTrailer();
                            set = null;
                        }
                        if (group != null) {
                            group.errors.add(new Issue("3", "Functional group trailer missing"));
                            h.end("FunctionalGroup");
                        }
                        group = openGroup();
                        gs = new GroupState();
                    }
                    case "GE" -> {
                        if (set != null) {
                            set.missingTrailer();
                            set = null;
                        }
                        if (group == null) {
                            envelopeError("024", "GE without GS");
                        } else {
                            closeGroup(group);
                            group = null;
                        }
                    }
                    case "ST" -> {
                        if (group == null) {
                            envelopeError("024", "ST outside a functional group");
                        } else {
                            if (set != null) {
                                set.missingTrailer();
                            }
                            set = new SetState(group, gs);
                        }
                    }
                    case "IEA" -> {
                        if (set != null) {
                            set.missingTrailer();
                            set = null;
                        }
                        if (group != null) {
                            group.errors.add(new Issue("3", "Functional group trailer missing"));
                            h.end("FunctionalGroup");
                            group = null;
                        }
                        closeInterchange();
                        trailer = true;
                    }
                    default -> {
                        if (set != null) {
                            set.segment(id);
                        } else {
                            envelopeError("024", "segment " + safe(id) + " outside a transaction set");
                        }
                    }
                }
                if (id == null || trailer) {
                    break;
                }
                if ("SE".equals(id) && set != null) {
                    set = null;
                }
            }
            if (!trailer) {
                if (set != null) {
                    set.missingTrailer();
                }
                if (group != null) {
                    group.errors.add(new Issue("3", "Functional group trailer missing"));
                    h.end("FunctionalGroup");
                }
                envelopeError("023", "the interchange ends without an IEA (file truncated?)");
            }
            h.end("Interchange");
            return report;
        }

        // ---- ISA -------------------------------------------------------------------------------

        private boolean readIsa() {
            if (pos + 3 > text.length() || !"ISA".contentEquals(text.subSequence(pos, pos + 3))) {
                report.unreadable = "not an X12 interchange: it does not start with an ISA segment";
                return false;
            }
            if (pos + 106 > text.length()) {
                report.unreadable = "the ISA segment is cut short (" + (text.length() - pos) + " of 106 characters)";
                return false;
            }
            es = text.charAt(pos + 3);
            if (Character.isLetterOrDigit(es) || es == ' ') {
                readFixedPositions();
                report.unreadable = "invalid data element separator in the ISA";
                report.interchangeErrors.add(new Issue("026", "Invalid data element separator"));
                return false;
            }
            split(text.subSequence(pos, pos + 105), es);
            if (parts.size() != 17) {
                readFixedPositions();
                report.unreadable = "the ISA does not have 16 elements of fixed length separated by '" + printable(
                        String.valueOf(es)) + "'";
                report.interchangeErrors.add(new Issue("026", "Invalid data element separator"));
                return false;
            }
            cs = text.charAt(pos + 104);
            st = text.charAt(pos + 105);
            report.elementSeparator = es;
            report.componentSeparator = cs;
            report.segmentTerminator = st;
            report.senderQualifier = parts.get(5);
            report.senderId = parts.get(6).trim();
            report.receiverQualifier = parts.get(7);
            report.receiverId = parts.get(8).trim();
            report.date = parts.get(9);
            report.time = parts.get(10);
            report.version = parts.get(12);
            report.controlNumber = parts.get(13);
            report.ackRequested = parts.get(14);
            report.usage = parts.get(15);
            if (Character.isLetterOrDigit(st) || st == es || st == ' ') {
                envelopeError("004", "Invalid segment terminator");
            }
            if (Character.isLetterOrDigit(cs) || cs == es || cs == st || cs == ' ') {
                envelopeError("027", "Invalid component element separator");
            }
            char rep = parts.get(11).isEmpty() ? 'U' : parts.get(11).charAt(0);
            if (report.version.compareTo("00402") >= 0 && !Character.isLetterOrDigit(rep) && rep != ' '
                    && rep != es && rep != st && rep != cs) {
                report.repetitionSeparator = rep;
            }
            checkIsa();
            pos += 106;
            skipLineBreaks();
            return true;
        }

        /**
         * The ISA is fixed width: even when its separators are wrong, who sent it and its control
         * number stand at fixed positions, so the sender can still be told (TA1) what is wrong.
         */
        private void readFixedPositions() {
            CharSequence isa = text.subSequence(pos, pos + 106);
            report.senderQualifier = isa.subSequence(32, 34).toString();
            report.senderId = isa.subSequence(35, 50).toString().trim();
            report.receiverQualifier = isa.subSequence(51, 53).toString();
            report.receiverId = isa.subSequence(54, 69).toString().trim();
            report.date = isa.subSequence(70, 76).toString();
            report.time = isa.subSequence(77, 81).toString();
            String control = isa.subSequence(90, 99).toString();
            report.controlNumber = control.matches("[0-9]{9}") ? control : null;
        }

        private void checkIsa() {
            if (!matches(parts.get(1), "0[0-9]") || parts.get(2).length() != 10) {
                envelopeError("010", "Invalid authorization information qualifier or value");
            }
            if (!matches(parts.get(3), "0[0-9]") || parts.get(4).length() != 10) {
                envelopeError("012", "Invalid security information qualifier or value");
            }
            if (!matches(report.senderQualifier, "[0-9A-Z]{2}")) {
                envelopeError("005", "Invalid interchange ID qualifier for sender");
            }
            if (parts.get(6).length() != 15 || report.senderId.isEmpty()) {
                envelopeError("006", "Invalid interchange sender ID");
            }
            if (!matches(report.receiverQualifier, "[0-9A-Z]{2}")) {
                envelopeError("007", "Invalid interchange ID qualifier for receiver");
            }
            if (parts.get(8).length() != 15 || report.receiverId.isEmpty()) {
                envelopeError("008", "Invalid interchange receiver ID");
            }
            if (!validDate("20" + report.date)) {
                envelopeError("014", "Invalid interchange date value");
            }
            if (!validTime(report.time)) {
                envelopeError("015", "Invalid interchange time value");
            }
            if (!matches(report.version, "[0-9]{5}")) {
                envelopeError("017", "Invalid interchange control version number");
            }
            if (!matches(report.controlNumber, "[0-9]{9}")) {
                envelopeError("018", "Invalid interchange control number value");
            }
            if (!matches(report.ackRequested, "[01]")) {
                envelopeError("019", "Invalid acknowledgment requested value");
            }
            if (!matches(report.usage, "[PTI]")) {
                envelopeError("020", "Invalid test indicator value");
            }
        }

        private void closeInterchange() {
            emitEnvelope("IEA", parts);
            if (parts.size() != 3 || !matches(parts.get(1), "[0-9]{1,5}")
                    || Integer.parseInt(parts.get(1)) != report.groups.size()) {
                envelopeError("021", "Invalid number of included groups value (IEA01 says "
                        + (parts.size() > 1 ? safe(parts.get(1)) : "nothing") + ", found " + report.groups.size() + ")");
            }
            if (parts.size() < 3 || !parts.get(2).equals(report.controlNumber)) {
                envelopeError("001", "The interchange control number in the header and trailer do not match");
            }
        }

        // ---- groups ----------------------------------------------------------------------------

        private X12Report.Group openGroup() {
            X12Report.Group g = new X12Report.Group();
            report.groups.add(g);
            h.start("FunctionalGroup", true);
            emitEnvelope("GS", parts);
            if (parts.size() != 9) {
                g.errors.add(new Issue("1", "Functional group not supported: GS needs 8 elements"));
            }
            g.functionalId = part(1);
            g.senderCode = part(2);
            g.receiverCode = part(3);
            g.controlNumber = part(6);
            g.version = part(8);
            if (!matches(g.controlNumber, "[0-9]{1,9}")) {
                g.errors.add(new Issue("6", "Group control number violates syntax"));
            }
            if (!schemas.supportsVersion(g.version)) {
                g.errors.add(new Issue("2", "Functional group version " + safe(g.version) + " not supported"));
            }
            return g;
        }

        private void closeGroup(X12Report.Group g) {
            emitEnvelope("GE", parts);
            if (!matches(part(1), "[0-9]{1,6}") || Integer.parseInt(part(1)) != g.sets.size()) {
                g.errors.add(new Issue("5", "Number of included transaction sets does not match actual count (GE01 "
                        + safe(part(1)) + ", found " + g.sets.size() + ")"));
            }
            if (!part(2).equals(g.controlNumber)) {
                g.errors.add(new Issue("4",
                        "Group control number in the functional group header and trailer do not agree"));
            }
            h.end("FunctionalGroup");
        }

        /** ST02 values seen in the current group. */
        private final class GroupState {
            final Set<String> setNumbers = new HashSet<>();
        }

        // ---- transaction sets ------------------------------------------------------------------

        private final class SetState {
            final X12Report.TransactionSet ts = new X12Report.TransactionSet();
            final X12Schema schema;
            final List<Frame> stack = new ArrayList<>();
            int position = 1;

            SetState(X12Report.Group group, GroupState gs) {
                ts.code = part(1);
                ts.controlNumber = part(2);
                ts.index = group.sets.size();
                group.sets.add(ts);
                schema = schemas.find(group.version, ts.code).orElse(null);
                h.start("TransactionSet", true);
                if (schema == null) {
                    ts.errors.add(new Issue("1", "Transaction set " + safe(ts.code) + " not supported in version "
                            + safe(group.version)));
                } else if (!functionalIdMatches(group.functionalId, ts.code)) {
                    ts.errors.add(new Issue("6", "Transaction set " + safe(ts.code) + " does not belong in a "
                            + safe(group.functionalId) + " group"));
                }
                if (!matches(ts.controlNumber, "[0-9A-Za-z]{4,9}")) {
                    ts.errors.add(new Issue("7", "Missing or invalid transaction set control number"));
                } else if (!gs.setNumbers.add(ts.controlNumber)) {
                    ts.errors.add(new Issue("23", "Transaction set control number not unique within the group"));
                }
                if (schema != null) {
                    stack.add(new Frame(schema.body()));
                    accept("ST");
                } else {
                    emitEnvelope("ST", parts);
                }
            }

            void segment(String id) {
                position++;
                if ("SE".equals(id)) {
                    ts.segmentCount = position;
                }
                if (schema == null) {
                    if ("SE".equals(id)) {
                        close();
                    }
                    return;
                }
                if (!matches(id, "[A-Z][A-Z0-9]{1,2}")) {
                    segmentError(id, "1", "Unrecognized segment ID", List.of());
                } else if (!accept(id)) {
                    boolean inSet = inSchema(schema.body(), id);
                    if (inSet) {
                        segmentError(id, "7", "Segment not in proper sequence", List.of());
                    } else if (schema.dictionary().containsKey(id)) {
                        segmentError(id, "2", "Unexpected segment", List.of());
                    } else {
                        segmentError(id, "1", "Unrecognized segment ID", List.of());
                    }
                }
                if ("SE".equals(id)) {
                    close();
                }
            }

            void missingTrailer() {
                ts.errors.add(new Issue("2", "Transaction set trailer missing"));
                while (stack.size() > 1) {
                    h.end(stack.remove(stack.size() - 1).loop.name());
                }
                h.end("TransactionSet");
            }

            private void close() {
                if (!part(2).equals(ts.controlNumber)) {
                    ts.errors.add(new Issue("3",
                            "Transaction set control number in header and trailer do not match"));
                }
                if (!matches(part(1), "[0-9]{1,10}") || Integer.parseInt(part(1)) != position) {
                    ts.errors.add(new Issue("4", "Number of included segments does not match actual count (SE01 "
                            + safe(part(1)) + ", counted " + position + ")"));
                }
                if (schema != null) {
                    while (stack.size() > 1) {
                        closeTop();
                    }
                }
                if (!ts.segmentErrors.isEmpty() && ts.fatal && ts.errors.stream().noneMatch(e -> "5".equals(e.code()))) {
                    ts.errors.add(new Issue("5", "One or more segments in error"));
                }
                h.end("TransactionSet");
            }

            /** Places the segment in the schema, opening and closing loops; false when it fits nowhere. */
            private boolean accept(String id) {
                for (int d = stack.size() - 1; d >= 0; d--) {
                    Frame f = stack.get(d);
                    List<X12Schema.Node> children = f.loop.children();
                    int found = -1;
                    // a loop's first segment seen again starts the loop's next instance, one level up
                    for (int i = d == 0 ? f.pos : Math.max(f.pos, 1); i < children.size(); i++) {
                        if (children.get(i).trigger().equals(id)) {
                            found = i;
                            break;
                        }
                    }
                    if (found < 0) {
                        continue;
                    }
                    while (stack.size() - 1 > d) {
                        closeTop();
                    }
                    for (int k = f.pos; k < found; k++) {
                        if (f.counts[k] < children.get(k).minOccurs()) {
                            missing(children.get(k).trigger());
                        }
                    }
                    f.pos = found;
                    X12Schema.Node node = children.get(found);
                    f.counts[found]++;
                    if (f.counts[found] > node.maxOccurs()) {
                        segmentError(id, node instanceof X12Schema.Loop ? "4" : "5",
                                node instanceof X12Schema.Loop ? "Loop occurs over maximum times"
                                        : "Segment exceeds maximum use", List.of());
                        return true;
                    }
                    X12Schema.Node n = node;
                    while (n instanceof X12Schema.Loop loop) {
                        Frame inner = new Frame(loop);
                        inner.counts[0] = 1;
                        stack.add(inner);
                        h.start(loop.name(), loop.maxOccurs() > 1);
                        n = loop.children().get(0);
                    }
                    X12Schema.SegmentRef ref = (X12Schema.SegmentRef) n;
                    emitSegment(ref, n == node ? node.maxOccurs() > 1 : ref.maxOccurs() > 1);
                    return true;
                }
                return false;
            }

            private void closeTop() {
                Frame f = stack.remove(stack.size() - 1);
                List<X12Schema.Node> children = f.loop.children();
                for (int k = f.pos; k < children.size(); k++) {
                    if (f.counts[k] < children.get(k).minOccurs()) {
                        missing(children.get(k).trigger());
                    }
                }
                h.end(f.loop.name());
            }

            private void missing(String segmentId) {
                segmentError(segmentId, "3", "Mandatory segment missing", List.of());
            }

            private void segmentError(String id, String code, String description, List<ElementError> elements) {
                addSegmentError(new SegmentError(safe(id), position, null, code, description, elements));
                ts.fatal = true;
            }

            /**
             * Lists the first {@link X12Report#MAX_SEGMENT_ERRORS} segment errors of the set; past that the
             * set is rejected with a note and the rest only counted, so neither the report nor the 997 grows
             * with the number of bad segments.
             */
            private void addSegmentError(SegmentError error) {
                if (ts.segmentErrors.size() < X12Report.MAX_SEGMENT_ERRORS) {
                    ts.segmentErrors.add(error);
                    return;
                }
                if (ts.segmentErrorsOmitted++ == 0) {
                    ts.fatal = true;
                    ts.errors.add(new Issue("5", "One or more segments in error: more than "
                            + X12Report.MAX_SEGMENT_ERRORS + " segment errors, the set is rejected and only the first "
                            + X12Report.MAX_SEGMENT_ERRORS + " are listed"));
                }
            }

            private void emitSegment(X12Schema.SegmentRef ref, boolean repeating) {
                X12Schema.SegmentDef def = ref.segment();
                List<ElementError> errors = new ArrayList<>();
                boolean fatal = checkElements(def, errors);
                if (!errors.isEmpty()) {
                    addSegmentError(new SegmentError(def.id(), position, null, "8",
                            "Segment has data element errors", List.copyOf(errors)));
                    ts.fatal |= fatal;
                }
                h.start(def.id(), repeating);
                List<X12Schema.ElementDef> defs = def.elements();
                for (int i = 1; i < parts.size() && i <= defs.size(); i++) {
                    String v = parts.get(i);
                    if (v.isEmpty()) {
                        continue;
                    }
                    X12Schema.ElementDef e = defs.get(i - 1);
                    if (e.composite()) {
                        h.start(e.name(), false);
                        List<String> components = splitComponents(v);
                        for (int c = 0; c < components.size() && c < e.components().size(); c++) {
                            if (!components.get(c).isEmpty()) {
                                h.value(e.components().get(c).name(), components.get(c));
                            }
                        }
                        h.end(e.name());
                    } else {
                        h.value(e.name(), v);
                    }
                }
                h.end(def.id());
            }
        }

        private boolean checkElements(X12Schema.SegmentDef def, List<ElementError> errors) {
            boolean fatal = false;
            List<X12Schema.ElementDef> defs = def.elements();
            if (parts.size() - 1 > defs.size()) {
                errors.add(new ElementError(defs.size() + 1, null, null, "3", "Too many data elements", null));
                fatal = true;
            }
            for (X12Schema.ElementDef e : defs) {
                String v = e.position() < parts.size() ? parts.get(e.position()) : "";
                if (v.isEmpty()) {
                    if (e.mandatory()) {
                        errors.add(new ElementError(e.position(), null, e.reference(), "1",
                                "Mandatory data element missing", null));
                        fatal = true;
                    }
                    continue;
                }
                if (e.composite()) {
                    List<String> components = splitComponents(v);
                    for (X12Schema.ElementDef c : e.components()) {
                        String cv = c.position() <= components.size() ? components.get(c.position() - 1) : "";
                        ElementError err = checkValue(c, cv, e.position(), c.position());
                        if (err != null) {
                            errors.add(err);
                            fatal |= e.mandatory() || "1".equals(err.code());
                        }
                    }
                    continue;
                }
                ElementError err = checkValue(e, v, e.position(), null);
                if (err != null) {
                    errors.add(err);
                    fatal |= e.mandatory();
                }
            }
            return fatal;
        }

        private ElementError checkValue(X12Schema.ElementDef e, String v, int position, Integer component) {
            if (v.isEmpty()) {
                return e.mandatory() ? new ElementError(position, component, e.reference(), "1",
                        "Mandatory data element missing", null) : null;
            }
            String type = e.type();
            boolean numeric = type.equals("R") || type.startsWith("N");
            int length = numeric ? digits(v) : v.length();
            String code = null;
            String description = null;
            if (numeric && !(type.equals("R") ? matches(v, "-?([0-9]+\\.?[0-9]*|\\.[0-9]+)")
                    : matches(v, "-?[0-9]+"))) {
                code = "6";
                description = "Invalid character in data element";
            } else if (type.equals("DT") && !validDate(v.length() == 6 ? "20" + v : v)) {
                code = "8";
                description = "Invalid date";
            } else if (type.equals("TM") && !validTime(v)) {
                code = "9";
                description = "Invalid time";
            } else if (length < e.minLength()) {
                code = "4";
                description = "Data element too short";
            } else if (length > e.maxLength()) {
                code = "5";
                description = "Data element too long";
            } else if (!numeric && hasControlCharacter(v)) {
                code = "6";
                description = "Invalid character in data element";
            } else if (!e.codes().isEmpty() && !e.codes().contains(v)) {
                code = "7";
                description = "Invalid code value";
            }
            return code == null ? null
                    : new ElementError(position, component, e.reference(), code, description, printable(v));
        }

        // ---- tokens ----------------------------------------------------------------------------

        private int segmentStart;

        /** Reads the next segment into {@link #parts}; its id, or null at the end of the text. */
        private String nextSegment() {
            skipLineBreaks();
            if (pos >= text.length()) {
                return null;
            }
            segmentStart = pos;
            int end = pos;
            while (end < text.length() && text.charAt(end) != st) {
                end++;
            }
            int stop = end;
            if (st == '\n' && stop > pos && text.charAt(stop - 1) == '\r') {
                stop--;
            }
            split(text.subSequence(pos, stop), es);
            pos = Math.min(end + 1, text.length());
            if (end >= text.length() && parts.get(0).isBlank()) {
                return null;
            }
            return parts.get(0).trim();
        }

        private void skipLineBreaks() {
            while (pos < text.length() && (text.charAt(pos) == '\r' || text.charAt(pos) == '\n')
                    && text.charAt(pos) != st) {
                pos++;
            }
        }

        private void split(CharSequence segment, char separator) {
            parts.clear();
            int start = 0;
            for (int i = 0; i < segment.length(); i++) {
                if (segment.charAt(i) == separator) {
                    parts.add(segment.subSequence(start, i).toString());
                    start = i + 1;
                }
            }
            parts.add(segment.subSequence(start, segment.length()).toString());
        }

        private List<String> splitComponents(String value) {
            List<String> out = new ArrayList<>(4);
            int start = 0;
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) == cs) {
                    out.add(value.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(value.substring(start));
            return out;
        }

        private String part(int i) {
            return i < parts.size() ? parts.get(i) : "";
        }

        private void emitEnvelope(String id, List<String> elements) {
            h.start(id, false);
            for (int i = 1; i < elements.size(); i++) {
                if (!elements.get(i).isEmpty()) {
                    h.value(id + (i < 10 ? "0" : "") + i, elements.get(i));
                }
            }
            h.end(id);
        }

        /** The first {@link X12Report#MAX_INTERCHANGE_ERRORS} envelope errors are listed, the rest counted. */
        private void envelopeError(String code, String description) {
            if (report.interchangeErrors.size() < X12Report.MAX_INTERCHANGE_ERRORS) {
                report.interchangeErrors.add(new Issue(code, description));
            } else {
                report.interchangeErrorsOmitted++;
            }
        }
    }

    private static boolean functionalIdMatches(String functionalId, String set) {
        String expected = switch (set) {
            case "850" -> "PO";
            case "855" -> "PR";
            case "856" -> "SH";
            case "810" -> "IN";
            case "846" -> "IB";
            case "997" -> "FA";
            case "860" -> "PC";
            case "865" -> "CA";
            default -> null;
        };
        return expected == null || expected.equals(functionalId);
    }

    private static boolean inSchema(X12Schema.Loop loop, String id) {
        for (X12Schema.Node n : loop.children()) {
            if (n instanceof X12Schema.Loop l ? inSchema(l, id) : n.trigger().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** {@code value.matches(regex)} without compiling the regex again on every call (it was half the parse). */
    static boolean matches(String value, String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(value).matches();
    }

    private static boolean hasControlCharacter(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static int digits(String v) {
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            if (Character.isDigit(v.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    static boolean validDate(String ccyymmdd) {
        if (!matches(ccyymmdd, "[0-9]{8}")) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(ccyymmdd.substring(0, 4)), Integer.parseInt(ccyymmdd.substring(4, 6)),
                    Integer.parseInt(ccyymmdd.substring(6, 8)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    static boolean validTime(String t) {
        if (!matches(t, "[0-9]{4}([0-9]{2}([0-9]{1,2})?)?")) {
            return false;
        }
        return Integer.parseInt(t.substring(0, 2)) < 24 && Integer.parseInt(t.substring(2, 4)) < 60
                && (t.length() < 6 || Integer.parseInt(t.substring(4, 6)) < 60);
    }

    /** A bad value as it may be echoed in AK404: printable, at most 99 characters. */
    private static String printable(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length() && sb.length() < 99; i++) {
            char c = v.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    private static String safe(String s) {
        if (s == null) {
            return "";
        }
        String p = printable(s);
        return p.length() > 12 ? p.substring(0, 12) + "..." : p;
    }

    /** Loop state: where in the loop's sequence we are and how often each child occurred. */
    private static final class Frame {
        final X12Schema.Loop loop;
        final int[] counts;
        int pos;

        Frame(X12Schema.Loop loop) {
            this.loop = loop;
            this.counts = new int[loop.children().size()];
        }
    }
}
