package io.railhead.channel.edi;

import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.x12.X12Report;
import java.util.List;

/**
 * The 997 functional acknowledgment of one received group, from the parse report: AK1 for the
 * group, AK2/AK5 for every transaction set with AK3/AK4 for each segment and element error, and
 * AK9 with the counts (included, received, accepted) and the group's own error codes.
 */
public final class FunctionalAcks {

    private FunctionalAcks() {
    }

    public static X12Envelopes.SetBody ack(X12Report.Group group, PartnerProfile partner) {
        String forbidden = partner.interchange().elementSeparatorOrDefault()
                + partner.interchange().segmentTerminatorOrDefault() + partner.interchange().componentSeparatorOrDefault();
        return w -> {
            w.segment("AK1", group.functionalId, group.controlNumber);
            for (X12Report.TransactionSet s : group.sets) {
                w.segment("AK2", s.code, s.controlNumber);
                for (X12Report.SegmentError se : s.segmentErrors) {
                    w.segment("AK3", se.segmentId(), se.position(), se.loopId(), se.code());
                    for (X12Report.ElementError ee : se.elementErrors()) {
                        w.segment("AK4", w.composite(ee.position(), ee.component()), ee.reference(), ee.code(),
                                sanitize(ee.badValue(), forbidden));
                    }
                }
                List<String> codes = s.errors.stream().map(X12Report.Issue::code).distinct().limit(5).toList();
                Object[] ak5 = new Object[1 + codes.size()];
                ak5[0] = s.ackCode();
                for (int i = 0; i < codes.size(); i++) {
                    ak5[i + 1] = codes.get(i);
                }
                w.segment("AK5", ak5);
            }
            List<String> groupCodes = group.errors.stream().map(X12Report.Issue::code).distinct().limit(5).toList();
            Object[] ak9 = new Object[4 + groupCodes.size()];
            ak9[0] = group.ackCode();
            ak9[1] = group.sets.size();
            ak9[2] = group.sets.size();
            ak9[3] = group.errors.isEmpty() ? group.accepted() : 0;
            for (int i = 0; i < groupCodes.size(); i++) {
                ak9[4 + i] = groupCodes.get(i);
            }
            w.segment("AK9", ak9);
        };
    }

    /** A partner's bad value echoed in AK404 must not carry our separators. */
    private static String sanitize(String value, String forbidden) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(forbidden.indexOf(c) >= 0 ? '?' : c);
        }
        return sb.toString();
    }
}
