package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.shared.HubProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/**
 * The checks every outbound business document passes before it is queued: profile and schema
 * problems hold it with the reason, never queue it; one document per event.
 */
class OutboundDocumentsTest {

    private final PartnerProfile partner = OutboundFixtures.partner();
    private final MemoryStore store = new MemoryStore();
    private final ProducerTemplate producer = mock(ProducerTemplate.class);
    private final X12Envelopes envelopes = OutboundFixtures.envelopes();
    private final EdiOutbound outbound = outbound(store);
    private final OutboundDocuments documents = new OutboundDocuments(envelopes, outbound, store);

    private EdiOutbound outbound(EdiStore store) {
        return new EdiOutbound(store, envelopes, null, producer, mock(HubProperties.class, RETURNS_DEEP_STUBS),
                new SimpleMeterRegistry());
    }

    /** edi_outbound in memory, with the same one-per-event rule as its unique constraint. */
    static class MemoryStore extends EdiStore {
        final Map<String, Outbound> rows = new LinkedHashMap<>();

        MemoryStore() {
            super(null);
        }

        @Override
        public boolean insertOutbound(Outbound o) {
            if (findOutbound(o.partnerId(), o.eventKey()).isPresent()) {
                return false;
            }
            rows.put(o.id(), o);
            return true;
        }

        @Override
        public Optional<Outbound> findOutbound(String partnerId, String eventKey) {
            return rows.values().stream().filter(o -> o.partnerId().equals(partnerId) && o.eventKey().equals(eventKey))
                    .findFirst();
        }

        @Override
        public Optional<Outbound> findOutboundById(String id) {
            return Optional.ofNullable(rows.get(id));
        }
    }

    private OutboundDocuments.Draft ack() {
        return PurchaseOrderAcks.draft(OutboundFixtures.order(), PurchaseOrderAcks.allLines(OutboundFixtures.order(),
                PurchaseOrderAcks.LineStatus.ACCEPTED), partner);
    }

    @Test
    void validDocument_isQueuedOnce_aRepeatedEventGetsTheSameDocument() {
        OutboundDocuments.Issued first = documents.issue(partner, "855:o-1", "o-1", ack(), "c-1", false);
        assertThat(first.created()).isTrue();
        assertThat(first.document().status()).isEqualTo("QUEUED");
        assertThat(first.document().interchangeNumber()).matches("[0-9]{9}");
        verify(producer).sendBodyAndHeaders(anyString(), eq(first.document().payload()), anyMap());

        OutboundDocuments.Issued again = documents.issue(partner, "855:o-1", "o-1", ack(), "c-2", false);
        assertThat(again.created()).isFalse();
        assertThat(again.document().id()).isEqualTo(first.document().id());
        verify(producer, times(1)).sendBodyAndHeaders(anyString(), anyString(), anyMap());

        documents.issue(partner, "855:o-1", "o-1", ack(), "c-3", true);
        verify(producer, times(2)).sendBodyAndHeaders(anyString(), eq(first.document().payload()), anyMap());
    }

    @Test
    void documentFailingItsSchema_isHeldWithTheReason_notQueued() {
        OutboundDocuments.Draft broken = new OutboundDocuments.Draft("855", w -> w.segment("BAK", "00", "AD"), List.of());

        OutboundDocuments.Issued issued = documents.issue(partner, "855:o-2", "o-2", broken, "c-1", false);

        assertThat(issued.held()).isTrue();
        assertThat(issued.document().detail()).contains("the generated 855 does not pass its schema").contains("segment BAK")
                .contains("Mandatory data element missing");
        assertThat(issued.document().payload()).as("kept for the operator").contains("BAK*00*AD~");
        verify(producer, never()).sendBodyAndHeaders(anyString(), anyString(), anyMap());
    }

    @Test
    void profileProblems_holdTheDocument() {
        PartnerProfile noShipFrom = OutboundFixtures.withParties(partner, new PartnerProfile.Parties(
                partner.parties().shipTo(), null, partner.remitTo()));
        Shipment shipment = FulfillmentEvents.normalize(new Shipment("SH-1", Instant.parse("2026-11-24T10:00:00Z"),
                "UPSN", null, "1Z1", null, List.of(new Shipment.Package(null, null, null,
                List.of(new Shipment.Item("1", null, 1))))));
        OutboundDocuments.Draft draft = ShipNotices.draft(OutboundFixtures.order(),
                FulfillmentEvents.lines(OutboundFixtures.order()), shipment, noShipFrom, Instant.now());

        OutboundDocuments.Issued issued = documents.issue(noShipFrom, "856:SH-1", "o-3", draft, "c-1", false);

        assertThat(issued.held()).isTrue();
        assertThat(issued.document().detail()).contains("has no parties.shipFrom");
        verify(producer, never()).sendBodyAndHeaders(anyString(), anyString(), anyMap());
    }

    @Test
    void documentThePartnerDoesNotExchange_isHeld() {
        PartnerProfile ordersOnly = new PartnerProfile(partner.id(), partner.name(), partner.interchange(),
                partner.groups(), List.of("850", "997"), partner.transport(), partner.acknowledgments(),
                partner.items(), partner.parties(), partner.currency(), partner.terms(), null);

        OutboundDocuments.Issued issued = documents.issue(ordersOnly, "855:o-4", "o-4", ack(), "c-1", false);

        assertThat(issued.held()).isTrue();
        assertThat(issued.document().detail()).contains("does not exchange 855");
    }

    @Test
    void anIdHoldingASeparator_cannotBeWritten_andIsHeld() {
        OutboundDocuments.Draft draft = new OutboundDocuments.Draft("855",
                w -> w.segment("BAK", "00", "AD", "PO*1", "20261123"), List.of());

        OutboundDocuments.Issued issued = documents.issue(partner, "855:o-5", "o-5", draft, "c-1", false);

        assertThat(issued.held()).isTrue();
        assertThat(issued.document().detail()).contains("cannot be written").contains("BAK03");
    }

    @Test
    void aSendThatLosesTheRaceForItsEvent_queuesNothing_andAnswersWithTheWinner() {
        List<String> winners = new ArrayList<>();
        MemoryStore racing = new MemoryStore() {
            @Override
            public boolean insertOutbound(Outbound o) {
                if (winners.isEmpty()) {
                    // another sender records the event's document between our look-up and our insert
                    Outbound winner = new Outbound("edo-winner", o.partnerId(), o.document(), o.eventKey(), o.orderId(),
                            "000000001", "1", "0001", "QUEUED", null, "ISA...", "c-0", Instant.now(), null);
                    winners.add(winner.id());
                    super.insertOutbound(winner);
                }
                return super.insertOutbound(o);
            }
        };
        EdiOutbound racingOutbound = outbound(racing);

        String id = racingOutbound.send(partner, "855:o-6", "o-6", OutboundFixtures.write(envelopes, partner, ack()),
                "c-1");

        assertThat(id).isEqualTo("edo-winner");
        assertThat(racing.rows).hasSize(1);
        verify(producer, never()).sendBodyAndHeaders(anyString(), anyString(), anyMap());
    }
}
