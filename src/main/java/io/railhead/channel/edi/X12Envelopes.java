package io.railhead.channel.edi;

import io.railhead.channel.edi.ControlNumbers.Kind;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.x12.X12Parser;
import io.railhead.x12.X12Report;
import io.railhead.x12.X12Schemas;
import io.railhead.x12.X12Writer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Wraps the transaction sets the hub writes (997, 855, 856, 810) and TA1s in ISA/GS/ST envelopes
 * with the partner's identities and separators and fresh control numbers from the partner's
 * durable sequences, and checks the finished document against its X12 schema by reading it back
 * with the same parser that reads partners' files.
 */
@Component
public class X12Envelopes {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    private final ControlNumbers numbers;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public X12Envelopes(ControlNumbers numbers) {
        this(numbers, Clock.systemUTC());
    }

    X12Envelopes(ControlNumbers numbers, Clock clock) {
        this.numbers = numbers;
        this.clock = clock;
    }

    /** Writes the segments of one transaction set between its ST and SE. */
    @FunctionalInterface
    public interface SetBody {
        void write(X12Writer writer);
    }

    /** One interchange with one group holding the given transaction sets. */
    public EdiOutbound.Document build(PartnerProfile partner, String functionalId, String setCode, String version,
                                      List<SetBody> sets) {
        X12Writer w = writer(partner);
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
        String isa13 = isa(w, partner, now);
        String gs06 = String.valueOf(numbers.next(partner.id(), Kind.GROUP));
        w.segment("GS", functionalId, partner.ourGroupCode(), partner.partnerGroupCode(), CCYYMMDD.format(now),
                HHMM.format(now), gs06, "X", version);
        String firstSet = null;
        for (SetBody body : sets) {
            String st02 = String.format("%04d", numbers.next(partner.id(), Kind.SET));
            firstSet = firstSet == null ? st02 : firstSet;
            w.startSet().segment("ST", setCode, st02);
            body.write(w);
            w.segment("SE", w.setSegmentCount() + 1, st02);
        }
        w.segment("GE", sets.size(), gs06);
        w.segment("IEA", 1, isa13);
        return new EdiOutbound.Document(setCode, w.toString(), isa13, gs06, firstSet);
    }

    /** An interchange acknowledgment (TA1) for a received interchange: A, E or R with a note code. */
    public EdiOutbound.Document ta1(PartnerProfile partner, X12Report received, String ackCode, String noteCode) {
        X12Writer w = writer(partner);
        String isa13 = isa(w, partner, ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
        w.segment("TA1", received.controlNumber, received.date, received.time, ackCode, noteCode);
        w.segment("IEA", 0, isa13);
        return new EdiOutbound.Document("TA1", w.toString(), isa13, null, null);
    }

    /** Reads a generated document back: its errors, or an empty string when it is valid. */
    public String check(EdiOutbound.Document document) {
        if ("TA1".equals(document.type())) {
            return "";
        }
        List<X12Report> reports = new X12Parser(X12Schemas.loader("edi/x12")).parse(document.payload(),
                io.railhead.x12.X12Handler.NONE);
        StringBuilder problems = new StringBuilder();
        for (X12Report r : reports) {
            problems.append(r.summary());
        }
        return problems.toString();
    }

    /** Writes our ISA to the partner with a fresh interchange control number; returns that number. */
    private String isa(X12Writer w, PartnerProfile partner, ZonedDateTime now) {
        PartnerProfile.Interchange i = partner.interchange();
        String isa13 = String.format("%09d", numbers.next(partner.id(), Kind.INTERCHANGE));
        w.isa(i.receiverQualifier(), i.receiverId(), i.qualifier(), i.id(), YYMMDD.format(now), HHMM.format(now),
                i.repetitionSeparatorOrDefault().charAt(0), i.versionOrDefault(), isa13, "0", i.usageOrDefault());
        return isa13;
    }

    private static X12Writer writer(PartnerProfile partner) {
        PartnerProfile.Interchange i = partner.interchange();
        return new X12Writer(i.elementSeparatorOrDefault().charAt(0), i.componentSeparatorOrDefault().charAt(0),
                i.segmentTerminatorOrDefault().charAt(0), i.newlineAfterSegmentOrDefault());
    }
}
