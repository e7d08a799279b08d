package io.railhead.channel.edi.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.railhead.channel.edi.EdiStore;
import io.railhead.inventory.StockReservations;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.fulfillment.NodeShipments;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderOperations.OrderNotFoundException;
import io.railhead.order.OrderOperations.OrderStateException;
import io.railhead.order.OrderEventType;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shipments and invoices of EDI orders, reported through the ops API, become the 856 ship notice
 * and the 810 invoice for the trading partner. A report is checked against the order (its lines,
 * the quantities ordered, shipped and invoiced so far, its status), recorded with a timeline entry
 * and the status SHIPPED or INVOICED in one database transaction under the order's row lock, and
 * only then is its document written, checked and queued (or held) through
 * {@link OutboundDocuments}. The same report sent again (same id, same content) is recognised and
 * answered with the document it already produced; the same id with other content is refused.
 */
@Service
public class FulfillmentEvents {

    private static final Logger log = LoggerFactory.getLogger(FulfillmentEvents.class);

    /** Ids that travel in X12 elements: letters, digits and . _ / - (no partner's separator). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
    static final Pattern SCAC = Pattern.compile("[A-Z]{2,4}");
    private static final Pattern CHARGE_CODE = Pattern.compile("[A-Z0-9]{4}");
    private static final Set<OrderStatus> SHIPPABLE = Set.of(OrderStatus.RELEASED, OrderStatus.SHIPPED,
            OrderStatus.INVOICED);
    private static final Set<OrderStatus> INVOICEABLE = Set.of(OrderStatus.SHIPPED, OrderStatus.INVOICED);

    private final OrderStore orders;
    private final OrderLifecycle lifecycle;
    private final FulfillmentEventStore events;
    private final PartnerRegistry partners;
    private final OutboundDocuments documents;
    private final TransactionTemplate tx;
    private final StockReservations stock;
    private final NodeShipments nodeShipments;

    public FulfillmentEvents(OrderStore orders, OrderLifecycle lifecycle, FulfillmentEventStore events,
                             PartnerRegistry partners, OutboundDocuments documents, TransactionTemplate tx,
                             StockReservations stock, NodeShipments nodeShipments) {
        this.stock = stock;
        this.nodeShipments = nodeShipments;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.events = events;
        this.partners = partners;
        this.documents = documents;
        this.tx = tx;
    }

    /**
     * What became of a report: {@code recorded} is false for a repetition of one recorded before;
     * {@code document} is the partner's document with its status (QUEUED, SENT or HELD and why).
     */
    public record Outcome(boolean recorded, String orderId, String eventId, OrderStatus orderStatus,
                          EdiStore.Outbound document) {

        /** queued, held, or duplicate (a repeated report). */
        public String status() {
            return !recorded ? "duplicate" : "HELD".equals(document.status()) ? "held" : "queued";
        }
    }

    /** A request that does not fit the order or is incomplete: answered with 400 and the reason. */
    public static class InvalidRequest extends IllegalArgumentException {
        public InvalidRequest(String message) {
            super(message);
        }
    }

    private record Recorded(boolean created, StoredOrder order, PartnerProfile partner, CanonicalOrder canonical,
                            Map<String, CanonicalOrder.Line> lines) {
    }

    // ---- shipments -----------------------------------------------------------------------------

    public Outcome ship(String orderId, Shipment request, String correlationId) {
        Shipment shipment = normalize(request);
        String payload = json(shipment);
        Recorded r = once(FulfillmentEventStore.Kind.SHIPMENT, shipment.shipmentId(), () -> tx.execute(status -> {
            StoredOrder order = orders.findForUpdate(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
            PartnerProfile partner = partnerFor(order, "856", "ship notices");
            CanonicalOrder canonical = OrderJson.read(order.canonical());
            Map<String, CanonicalOrder.Line> lines = lines(canonical);
            if (repeated(FulfillmentEventStore.Kind.SHIPMENT, shipment.shipmentId(), orderId, payload, "shipment")) {
                return new Recorded(false, order, partner, canonical, lines);
            }
            nodeShipments.orderOf(shipment.shipmentId()).ifPresent(other -> {
                throw new OrderStateException("shipment " + shipment.shipmentId() + " is a node's shipment of order "
                        + other + " (POST /api/fulfillment/shipments): a shipment here needs its own id");
            });
            if (!SHIPPABLE.contains(order.status())) {
                throw new OrderStateException("order " + orderId + " is " + order.status()
                        + ": only orders the ERP accepted (RELEASED) can ship");
            }
            checkShipment(shipment, lines, shipped(orderId));
            events.insert(new FulfillmentEventStore.Event(FulfillmentEventStore.Kind.SHIPMENT, shipment.shipmentId(),
                    orderId, payload, Instant.now()), correlationId);
            int units = shipment.packages().stream().flatMap(p -> p.lines().stream())
                    .mapToInt(Shipment.Item::quantity).sum();
            long lineCount = shipment.packages().stream().flatMap(p -> p.lines().stream())
                    .map(Shipment.Item::lineId).distinct().count();
            StoredOrder next = lifecycle.change(order, moveTo(order, OrderStatus.RELEASED, OrderStatus.SHIPPED), "ship",
                    "shipment " + shipment.shipmentId() + ": " + shipment.packages().size() + " carton(s), " + units
                    + " unit(s) of " + lineCount + " line(s), carrier " + shipment.carrier(), correlationId,
                    OrderEventType.ORDER_SHIPPED);
            Map<String, Integer> shipped = new java.util.LinkedHashMap<>();
            shipment.packages().stream().flatMap(p -> p.lines().stream())
                    .forEach(i -> shipped.merge(i.lineId(), i.quantity(), Integer::sum));
            stock.shipped(orderId, shipment.shipmentId(), shipped, null, correlationId);
            return new Recorded(true, next, partner, canonical, lines);
        }));
        OutboundDocuments.Issued issued = documents.issue(r.partner(), "856:" + shipment.shipmentId(), orderId,
                ShipNotices.draft(r.canonical(), r.lines(), shipment, r.partner(), Instant.now()), correlationId, false);
        note(issued, r, "shipment " + shipment.shipmentId(), correlationId);
        log.info("Order {} shipment {} {}: 856 {} {}", orderId, shipment.shipmentId(),
                r.created() ? "recorded" : "repeated", issued.document().id(), issued.document().status());
        return new Outcome(r.created(), orderId, shipment.shipmentId(), r.order().status(), issued.document());
    }

    static Shipment normalize(Shipment s) {
        if (s == null) {
            throw new InvalidRequest("a shipment needs a JSON body");
        }
        String id = id(s.shipmentId(), "shipmentId", 2, 30);
        if (s.shippedAt() == null) {
            throw new InvalidRequest("shippedAt is missing (ISO-8601 instant, e.g. 2026-11-24T15:30:00Z)");
        }
        String carrier = s.carrier() == null ? null : s.carrier().trim().toUpperCase(Locale.ROOT);
        if (carrier == null || !SCAC.matcher(carrier).matches()) {
            throw new InvalidRequest("carrier must be the carrier's SCAC (2 to 4 letters)");
        }
        String tracking = s.trackingNumber() == null ? null : id(s.trackingNumber(), "trackingNumber", 1, 30);
        String bol = s.billOfLading() == null ? null : id(s.billOfLading(), "billOfLading", 1, 30);
        if (s.packages() == null || s.packages().isEmpty()) {
            throw new InvalidRequest("packages is missing: a shipment has at least one carton");
        }
        List<Shipment.Package> packages = new ArrayList<>();
        Set<String> ssccs = new HashSet<>();
        String unit = null;
        for (int i = 0; i < s.packages().size(); i++) {
            Shipment.Package p = s.packages().get(i);
            String where = "packages[" + i + "]";
            if (p == null || p.lines() == null || p.lines().isEmpty()) {
                throw new InvalidRequest(where + " has no lines");
            }
            String sscc = p.sscc() == null ? null : sscc(p.sscc(), where);
            if (sscc != null && !ssccs.add(sscc)) {
                throw new InvalidRequest(where + ": SSCC " + p.sscc() + " is on two cartons");
            }
            BigDecimal weight = p.weight();
            String weightUnit = null;
            if (weight != null) {
                if (weight.signum() <= 0 || weight.precision() - weight.scale() > 8) {
                    throw new InvalidRequest(where + ": weight must be a positive number");
                }
                weight = weight.stripTrailingZeros();
                weight = weight.scale() < 0 ? weight.setScale(0) : weight;
                weightUnit = p.weightUnit() == null ? "LB" : p.weightUnit().trim().toUpperCase(Locale.ROOT);
                if (!weightUnit.equals("LB") && !weightUnit.equals("KG")) {
                    throw new InvalidRequest(where + ": weightUnit must be LB or KG");
                }
                if (unit != null && !unit.equals(weightUnit)) {
                    throw new InvalidRequest("all cartons' weights must be in the same unit");
                }
                unit = weightUnit;
            }
            List<Shipment.Item> items = new ArrayList<>();
            for (int k = 0; k < p.lines().size(); k++) {
                Shipment.Item item = p.lines().get(k);
                String at = where + ".lines[" + k + "]";
                if (item == null || item.lineId() == null || item.lineId().isBlank()) {
                    throw new InvalidRequest(at + ": lineId is missing");
                }
                if (item.quantity() == null || item.quantity() <= 0) {
                    throw new InvalidRequest(at + ": quantity must be a positive whole number");
                }
                items.add(new Shipment.Item(item.lineId().trim(), item.sku() == null ? null : item.sku().trim(),
                        item.quantity()));
            }
            packages.add(new Shipment.Package(sscc, weight, weightUnit, List.copyOf(items)));
        }
        return new Shipment(id, s.shippedAt(), carrier, s.service() == null || s.service().isBlank() ? null
                : s.service().trim(), tracking, bol, List.copyOf(packages));
    }

    /**
     * An SSCC as MAN02 of qualifier GM ("SSCC-18 and application identifier") wants it: 20 digits,
     * the application identifier 00 then the 18 digits, whose last is the GS1 check digit.
     */
    static String sscc(String value, String where) {
        String digits = value.trim();
        if (digits.matches("[0-9]{18}")) {
            digits = "00" + digits;
        }
        if (!digits.matches("00[0-9]{18}")) {
            throw new InvalidRequest(where + ": sscc must be the 18 digits of an SSCC (or 20 with the leading 00)");
        }
        if (gs1CheckDigit(digits.substring(2, 19)) != digits.charAt(19) - '0') {
            throw new InvalidRequest(where + ": sscc " + value.trim() + " has a wrong check digit");
        }
        return digits;
    }

    /** GS1 mod-10 check digit of the data digits (weights 3, 1, 3, ... from the right). */
    static int gs1CheckDigit(String data) {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            int digit = data.charAt(data.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }
        return (10 - sum % 10) % 10;
    }

    private static void checkShipment(Shipment s, Map<String, CanonicalOrder.Line> lines,
                                      Map<String, Integer> shippedBefore) {
        Map<String, Integer> now = new LinkedHashMap<>();
        for (Shipment.Package p : s.packages()) {
            for (Shipment.Item item : p.lines()) {
                CanonicalOrder.Line line = line(lines, item.lineId());
                if (item.sku() != null && !item.sku().equals(line.sku()) && !item.sku().equals(line.channelSku())) {
                    throw new InvalidRequest("line " + item.lineId() + " is SKU " + line.sku() + ", not " + item.sku());
                }
                now.merge(item.lineId(), item.quantity(), Integer::sum);
            }
        }
        checkQuantities(now, lines, shippedBefore, "shipped");
    }

    // ---- invoices ------------------------------------------------------------------------------

    public Outcome invoice(String orderId, Invoice request, String correlationId) {
        Invoice checked = normalize(request);
        RecordedInvoice ri = once(FulfillmentEventStore.Kind.INVOICE, checked.invoiceId(), () -> tx.execute(status -> {
            StoredOrder order = orders.findForUpdate(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
            PartnerProfile partner = partnerFor(order, "810", "invoices");
            CanonicalOrder canonical = OrderJson.read(order.canonical());
            Map<String, CanonicalOrder.Line> lines = lines(canonical);
            Invoice invoice = price(checked, lines);
            String payload = json(invoice);
            if (repeated(FulfillmentEventStore.Kind.INVOICE, invoice.invoiceId(), orderId, payload, "invoice")) {
                return new RecordedInvoice(new Recorded(false, order, partner, canonical, lines), invoice);
            }
            if (!INVOICEABLE.contains(order.status())) {
                throw new OrderStateException("order " + orderId + " is " + order.status()
                        + ": an order is invoiced once it has shipped");
            }
            Map<String, Integer> now = new LinkedHashMap<>();
            invoice.lines().forEach(l -> now.put(l.lineId(), l.quantity()));
            Map<String, Integer> invoicedBefore = quantities(orderId, FulfillmentEventStore.Kind.INVOICE);
            checkQuantities(now, lines, invoicedBefore, "invoiced");
            Map<String, Integer> shipped = shipped(orderId);
            for (Map.Entry<String, Integer> e : now.entrySet()) {
                int before = invoicedBefore.getOrDefault(e.getKey(), 0);
                int shippedQty = shipped.getOrDefault(e.getKey(), 0);
                if (before + e.getValue() > shippedQty) {
                    throw new InvalidRequest("line " + e.getKey() + ": " + e.getValue() + " invoiced"
                            + (before > 0 ? " after " + before + " invoiced before" : "") + " is more than the "
                            + shippedQty + " shipped");
                }
            }
            events.insert(new FulfillmentEventStore.Event(FulfillmentEventStore.Kind.INVOICE, invoice.invoiceId(),
                    orderId, payload, Instant.now()), correlationId);
            StoredOrder next = lifecycle.change(order, moveTo(order, OrderStatus.SHIPPED, OrderStatus.INVOICED), "invoice",
                    "invoice " + invoice.invoiceId() + ": " + invoice.lines().size() + " line(s), total "
                    + invoice.total() + " " + canonical.currency(), correlationId, OrderEventType.ORDER_INVOICED);
            return new RecordedInvoice(new Recorded(true, next, partner, canonical, lines), invoice);
        }));
        Recorded r = ri.recorded();
        Invoice invoice = ri.invoice();
        OutboundDocuments.Issued issued = documents.issue(r.partner(), "810:" + invoice.invoiceId(), orderId,
                Invoices.draft(r.canonical(), r.lines(), invoice, r.partner()), correlationId, false);
        note(issued, r, "invoice " + invoice.invoiceId(), correlationId);
        log.info("Order {} invoice {} {}: 810 {} {}", orderId, invoice.invoiceId(),
                r.created() ? "recorded" : "repeated", issued.document().id(), issued.document().status());
        return new Outcome(r.created(), orderId, invoice.invoiceId(), r.order().status(), issued.document());
    }

    /** An invoice as recorded, with every line's price and its total. */
    private record RecordedInvoice(Recorded recorded, Invoice invoice) {
    }

    static Invoice normalize(Invoice i) {
        if (i == null) {
            throw new InvalidRequest("an invoice needs a JSON body");
        }
        String id = id(i.invoiceId(), "invoiceId", 1, 22);
        if (i.invoiceDate() == null) {
            throw new InvalidRequest("invoiceDate is missing (ISO date, e.g. 2026-11-25)");
        }
        if (i.lines() == null || i.lines().isEmpty()) {
            throw new InvalidRequest("lines is missing: an invoice has at least one line");
        }
        List<Invoice.Line> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < i.lines().size(); k++) {
            Invoice.Line l = i.lines().get(k);
            String at = "lines[" + k + "]";
            if (l == null || l.lineId() == null || l.lineId().isBlank()) {
                throw new InvalidRequest(at + ": lineId is missing");
            }
            if (!seen.add(l.lineId().trim())) {
                throw new InvalidRequest(at + ": line " + l.lineId().trim() + " appears twice");
            }
            if (l.quantity() == null || l.quantity() <= 0) {
                throw new InvalidRequest(at + ": quantity must be a positive whole number");
            }
            if (l.unitPrice() != null && l.unitPrice().signum() < 0) {
                throw new InvalidRequest(at + ": unitPrice must not be negative");
            }
            lines.add(new Invoice.Line(l.lineId().trim(), l.quantity(), l.unitPrice() == null ? null : money(l.unitPrice())));
        }
        List<Invoice.Charge> charges = new ArrayList<>();
        if (i.charges() != null) {
            for (int k = 0; k < i.charges().size(); k++) {
                Invoice.Charge c = i.charges().get(k);
                String at = "charges[" + k + "]";
                if (c == null) {
                    throw new InvalidRequest(at + " is empty");
                }
                String type = c.type() == null ? "charge" : c.type().trim().toLowerCase(Locale.ROOT);
                if (!type.equals("charge") && !type.equals("allowance")) {
                    throw new InvalidRequest(at + ": type must be charge or allowance");
                }
                String code = c.code() == null ? null : c.code().trim().toUpperCase(Locale.ROOT);
                if (code == null || !CHARGE_CODE.matcher(code).matches()) {
                    throw new InvalidRequest(at + ": code must be the 4-character X12 charge code (e.g. D240 freight)");
                }
                if (c.amount() == null || c.amount().signum() <= 0 || c.amount().stripTrailingZeros().scale() > 2) {
                    throw new InvalidRequest(at + ": amount must be positive, in cents at most");
                }
                charges.add(new Invoice.Charge(type, code, money(c.amount()),
                        c.description() == null || c.description().isBlank() ? null : c.description().trim()));
            }
        }
        if (i.total() != null && i.total().stripTrailingZeros().scale() > 2) {
            throw new InvalidRequest("total must be in cents at most");
        }
        return new Invoice(id, i.invoiceDate(), List.copyOf(lines), List.copyOf(charges),
                i.total() == null ? null : money(i.total()));
    }

    /** Unit prices from the order where the invoice leaves them out; the total computed and checked. */
    private static Invoice price(Invoice i, Map<String, CanonicalOrder.Line> lines) {
        List<Invoice.Line> priced = new ArrayList<>();
        for (Invoice.Line l : i.lines()) {
            CanonicalOrder.Line line = line(lines, l.lineId());
            BigDecimal price = l.unitPrice() != null ? l.unitPrice() : line.unitPrice();
            if (price == null) {
                throw new InvalidRequest("line " + l.lineId() + " has no price on the order: give its unitPrice");
            }
            priced.add(new Invoice.Line(l.lineId(), l.quantity(), money(price)));
        }
        Invoice withPrices = new Invoice(i.invoiceId(), i.invoiceDate(), List.copyOf(priced), i.charges(), null);
        BigDecimal total = Invoices.total(withPrices);
        if (total.signum() < 0) {
            throw new InvalidRequest("the allowances are more than the lines and charges (total " + total + ")");
        }
        if (i.total() != null && i.total().compareTo(total) != 0) {
            throw new InvalidRequest("total " + i.total() + " does not match the lines and charges (" + total + ")");
        }
        return new Invoice(i.invoiceId(), i.invoiceDate(), withPrices.lines(), i.charges(), total);
    }

    // ---- shared --------------------------------------------------------------------------------

    /**
     * Runs the recording transaction; the same id recorded at the same moment by a request for
     * another order (each holds only its own order's lock) loses on the primary key: 409, not 500.
     */
    private static <T> T once(FulfillmentEventStore.Kind kind, String eventId, Supplier<T> transaction) {
        try {
            return transaction.get();
        } catch (DuplicateKeyException e) {
            throw new OrderStateException((kind == FulfillmentEventStore.Kind.SHIPMENT ? "shipment " : "invoice ")
                    + eventId + " was recorded by another request at the same time; send it again to see which");
        }
    }

    private PartnerProfile partnerFor(StoredOrder order, String document, String what) {
        if (!"edi".equals(order.channel())) {
            throw new OrderStateException("order " + order.orderId() + " is a " + order.channel() + " order: "
                    + what + " (" + document + ") are sent to EDI partners only");
        }
        PartnerProfile partner = partners.find(order.sourceAccount()).orElseThrow(() -> new OrderStateException(
                "order " + order.orderId() + " is from EDI partner " + order.sourceAccount()
                        + ", which has no partner profile now"));
        if (!partner.exchanges(document)) {
            throw new OrderStateException("partner " + partner.id() + " does not exchange " + document
                    + " (documents " + partner.documents() + ")");
        }
        return partner;
    }

    /** True when the event was recorded before with this content; refuses the id with other content. */
    private boolean repeated(FulfillmentEventStore.Kind kind, String eventId, String orderId, String payload,
                             String what) {
        Optional<FulfillmentEventStore.Event> seen = events.find(kind, eventId);
        if (seen.isEmpty()) {
            return false;
        }
        if (!seen.get().orderId().equals(orderId)) {
            throw new OrderStateException(what + " " + eventId + " is already recorded for order " + seen.get().orderId());
        }
        if (!seen.get().payload().equals(payload)) {
            throw new OrderStateException(what + " " + eventId + " is already recorded with other content; "
                    + "a correction needs a new " + what + " id");
        }
        return true;
    }

    /** The order in status {@code to} if it is in {@code from} now (the first shipment, the first invoice), else as it is. */
    private static StoredOrder moveTo(StoredOrder order, OrderStatus from, OrderStatus to) {
        return order.status() == from ? order.withState(to, order.holdReasons(), order.holdDetail()) : order;
    }

    /** The document's fate on the order's timeline, when it was made by this report. */
    private void note(OutboundDocuments.Issued issued, Recorded r, String event, String correlationId) {
        if (!issued.created()) {
            return;
        }
        EdiStore.Outbound doc = issued.document();
        String cause = issued.held()
                ? doc.document() + " for " + event + " HELD, not sent (" + doc.id() + "): " + doc.detail()
                : doc.document() + " for " + event + " queued for partner " + r.partner().id() + " (" + doc.id()
                + ", ISA13 " + doc.interchangeNumber() + ")";
        orders.addTimeline(r.order().orderId(), OrderAcknowledgments.STAGE, r.order().status(), cause, correlationId);
    }

    /** Units per line shipped so far: through this path and the nodes' shipments endpoint. */
    private Map<String, Integer> shipped(String orderId) {
        Map<String, Integer> sum = quantities(events, orderId, FulfillmentEventStore.Kind.SHIPMENT);
        nodeShipments.shippedByNodes(orderId).forEach((line, qty) -> sum.merge(line, qty, Integer::sum));
        return sum;
    }

    private Map<String, Integer> quantities(String orderId, FulfillmentEventStore.Kind kind) {
        return quantities(events, orderId, kind);
    }

    /** Quantities per line of the order's earlier reports of a kind through this path. */
    static Map<String, Integer> quantities(FulfillmentEventStore events, String orderId, FulfillmentEventStore.Kind kind) {
        Map<String, Integer> sum = new HashMap<>();
        for (FulfillmentEventStore.Event e : events.forOrder(orderId, kind)) {
            try {
                if (kind == FulfillmentEventStore.Kind.SHIPMENT) {
                    Shipment s = OrderJson.MAPPER.readValue(e.payload(), Shipment.class);
                    s.packages().forEach(p -> p.lines().forEach(l -> sum.merge(l.lineId(), l.quantity(), Integer::sum)));
                } else {
                    Invoice i = OrderJson.MAPPER.readValue(e.payload(), Invoice.class);
                    i.lines().forEach(l -> sum.merge(l.lineId(), l.quantity(), Integer::sum));
                }
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("stored " + kind + " " + e.eventId() + " cannot be read", ex);
            }
        }
        return sum;
    }

    private static void checkQuantities(Map<String, Integer> now, Map<String, CanonicalOrder.Line> lines,
                                        Map<String, Integer> before, String verb) {
        for (Map.Entry<String, Integer> e : now.entrySet()) {
            CanonicalOrder.Line line = line(lines, e.getKey());
            int ordered = line.quantity() == null ? 0 : line.quantity();
            int earlier = before.getOrDefault(e.getKey(), 0);
            if (earlier + e.getValue() > ordered) {
                throw new InvalidRequest("line " + e.getKey() + ": " + e.getValue() + " " + verb
                        + (earlier > 0 ? " after " + earlier + " " + verb + " before" : "")
                        + " is more than the " + ordered + " ordered");
            }
        }
    }

    /** The order's lines by line key, in order. */
    static Map<String, CanonicalOrder.Line> lines(CanonicalOrder order) {
        Map<String, CanonicalOrder.Line> lines = new LinkedHashMap<>();
        List<CanonicalOrder.Line> all = order.lines() == null ? List.of() : order.lines();
        for (int i = 0; i < all.size(); i++) {
            lines.put(X12Values.lineKey(all.get(i), i), all.get(i));
        }
        return lines;
    }

    private static CanonicalOrder.Line line(Map<String, CanonicalOrder.Line> lines, String lineId) {
        CanonicalOrder.Line line = lines.get(lineId);
        if (line == null) {
            throw new InvalidRequest("line " + lineId + " is not on the order (lines "
                    + lines.keySet().stream().collect(Collectors.joining(", ")) + ")");
        }
        return line;
    }

    private static String id(String value, String field, int min, int max) {
        String v = value == null ? null : value.trim();
        if (v == null || v.isEmpty()) {
            throw new InvalidRequest(field + " is missing");
        }
        if (v.length() < min || v.length() > max || !ID.matcher(v).matches()) {
            throw new InvalidRequest(field + " must be " + min + " to " + max
                    + " letters, digits or . _ / - (starting with a letter or digit)");
        }
        return v;
    }

    /** Money with at least two decimals (12.5 is 12.50), so a repeated report compares equal. */
    private static BigDecimal money(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 2 ? v.setScale(2) : v;
    }

    private static String json(Object value) {
        return OrderJson.write(value);
    }
}
