package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.EdiProperties;
import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import io.railhead.order.TimelineEntry;
import io.railhead.shared.HubProperties;
import io.railhead.support.ShippedDefaults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What the hub answers a partner's purchase order with once the ERP has decided, and how often. */
class OrderAcknowledgmentsTest {

    private final MemoryOrders orders = new MemoryOrders();
    private final OutboundDocumentsTest.MemoryStore edi = new OutboundDocumentsTest.MemoryStore();
    private final ProducerTemplate producer = mock(ProducerTemplate.class);
    private final PartnerRegistry partners = new PartnerRegistry(
            ShippedDefaults.bind(EdiProperties.class, Map.of("railhead.edi.partners-dir", "src/test/resources/edi/partners")),
            new MockEnvironment().withProperty("railhead.data-dir", "target/unit-data"));
    private final X12Envelopes envelopes = OutboundFixtures.envelopes();
    private final OrderAcknowledgments acks = new OrderAcknowledgments(orders, partners, new OutboundDocuments(
            envelopes, new EdiOutbound(edi, envelopes, partners, producer,
            mock(HubProperties.class, RETURNS_DEEP_STUBS), new SimpleMeterRegistry()), edi));

    /** One order and its timeline in memory. */
    static class MemoryOrders extends OrderStore {
        StoredOrder order;
        final List<TimelineEntry> timeline = new ArrayList<>();

        MemoryOrders() {
            super(null);
        }

        @Override
        public Optional<StoredOrder> find(String orderId) {
            return Optional.ofNullable(order).filter(o -> o.orderId().equals(orderId));
        }

        @Override
        public List<TimelineEntry> timeline(String orderId) {
            return timeline;
        }

        @Override
        public void addTimeline(String orderId, String stage, OrderStatus status, String cause, String correlationId) {
            timeline.add(new TimelineEntry(Instant.now(), stage, status, cause, correlationId));
        }
    }

    private void order(String channel, OrderStatus status, String... holdReasons) {
        orders.order = new StoredOrder("ord-1", channel, "brightmart", "PO-UNIT-4711", "PO-UNIT-4711", status,
                List.of(holdReasons), null, OrderJson.write(OutboundFixtures.order()), "raw-1", null, "c-0", null,
                Instant.now(), Instant.now(), 1, StoredOrder.Dispatch.NONE);
    }

    private List<EdiStore.Outbound> documents() {
        return List.copyOf(edi.rows.values());
    }

    private List<String> causes() {
        return orders.timeline.stream().map(e -> e.stage() + " " + e.cause()).toList();
    }

    @Test
    void acceptedByTheErp_isOne855Ad_aRedeliveryQueuesThatSameDocumentAgain() {
        order("edi", OrderStatus.RELEASED);

        acks.acknowledge("ord-1", true, "c-1");
        acks.acknowledge("ord-1", false, "c-1");

        assertThat(documents()).singleElement().satisfies(d -> {
            assertThat(d.eventKey()).isEqualTo("855:ord-1");
            assertThat(d.status()).isEqualTo("QUEUED");
            assertThat(d.payload()).contains("BAK*00*AD*PO-UNIT-4711*20261123~");
        });
        assertThat(causes()).singleElement().asString().startsWith("edi 855 AD (2 line(s) IA) queued for partner brightmart");
        verify(producer, times(2)).sendBodyAndHeaders(anyString(), anyString(), anyMap());
    }

    @Test
    void rejectedByTheErp_is855Rd() {
        order("edi", OrderStatus.ON_HOLD, "ERP_REJECTED");

        acks.acknowledge("ord-1", true, "c-1");

        assertThat(documents()).singleElement().extracting(EdiStore.Outbound::payload).asString()
                .contains("BAK*00*RD*").contains("ACK*IR*24*EA~");
    }

    @Test
    void acceptedAfterAnRdWentOut_sendsNoSecond855_andSaysSoOnTheTimeline() {
        order("edi", OrderStatus.ON_HOLD, "ERP_REJECTED");
        acks.acknowledge("ord-1", true, "c-1");
        order("edi", OrderStatus.RELEASED);

        acks.acknowledge("ord-1", true, "c-2");

        assertThat(documents()).hasSize(1);
        assertThat(causes().get(1)).contains("ERP decision is now AD but partner brightmart already has 855 RD");
    }

    @Test
    void nothingForOrdersHeldForOtherReasons_cancelled_orNotFromEdi() {
        order("edi", OrderStatus.ON_HOLD, "MISSING_SKU");
        acks.acknowledge("ord-1", true, "c-1");
        order("edi", OrderStatus.RELEASED);
        orders.addTimeline("ord-1", "cancel", OrderStatus.RELEASED, "cancel requested by channel 850", "c-1");
        acks.acknowledge("ord-1", true, "c-1");
        orders.timeline.clear();
        order("shopify", OrderStatus.RELEASED);
        acks.acknowledge("ord-1", true, "c-1");

        assertThat(documents()).isEmpty();
        verify(producer, never()).sendBodyAndHeaders(anyString(), anyString(), anyMap());
    }

    @Test
    void anOrderFromAPartnerWithoutAProfile_isNoted_notAcknowledged() {
        order("edi", OrderStatus.RELEASED);
        StoredOrder o = orders.order;
        orders.order = new StoredOrder(o.orderId(), o.channel(), "gone-partner", o.channelOrderId(),
                o.channelOrderNumber(), o.status(), o.holdReasons(), null, o.canonical(), o.rawMessageId(), null,
                o.correlationId(), null, o.createdAt(), o.updatedAt(), o.version(), o.dispatch());

        acks.acknowledge("ord-1", true, "c-1");

        assertThat(documents()).isEmpty();
        assertThat(causes()).containsExactly("edi 855 not sent: no partner profile gone-partner");
    }

    @Test
    void onEvent_actsOnTheErpsDecisionsOnly() {
        order("edi", OrderStatus.RELEASED);
        org.apache.camel.Exchange cancel = new org.apache.camel.support.DefaultExchange(
                new org.apache.camel.impl.DefaultCamelContext());
        cancel.getIn().setHeader("RailheadOrderId", "ord-1");
        cancel.getIn().setHeader("RailheadEventType", "ORDER_CANCELLED");

        acks.onEvent(cancel);

        assertThat(documents()).isEmpty();
    }

}
