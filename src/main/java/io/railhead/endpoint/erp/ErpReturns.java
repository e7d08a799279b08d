package io.railhead.endpoint.erp;

import io.railhead.fulfillment.OrderReturnStore;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderStore;
import io.railhead.shared.Headers;
import io.railhead.shared.RetryAfter;
import io.railhead.shared.TransientEndpointException;
import io.railhead.shared.UnmatchedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ERP side of the {@code return-send-erp} route: a queued return id becomes the ERP's returns call (the
 * return as recorded, {@code Idempotency-Key} the return id, so a retried call is one return at the ERP), and the
 * answer settles it: 2xx SENT, 408/429/5xx retried, another 4xx REJECTED with the answer on the order's timeline.
 */
@Component("erpReturns")
public class ErpReturns {

    private static final Logger LOG = LoggerFactory.getLogger(ErpReturns.class);
    static final String RETURN_ID = "railheadReturnId";

    private final OrderReturnStore returns;
    private final OrderStore orders;
    private final OrderLifecycle lifecycle;
    private final ErpProperties erp;

    public ErpReturns(OrderReturnStore returns, OrderStore orders, OrderLifecycle lifecycle, ErpProperties erp) {
        this.returns = returns;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.erp = erp;
    }

    /** Prepares the call; marks the exchange to skip when the return was settled already. */
    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        String returnId = in.getBody(String.class);
        String cid = in.getHeader(Headers.CORRELATION_ID, String.class);
        exchange.setProperty(RETURN_ID, returnId);
        exchange.setProperty(Headers.CORRELATION_ID, cid);
        OrderReturnStore.Row row = returns.find(returnId).orElseThrow(() -> new UnmatchedMessageException(
                "ERP return " + returnId + ": no such return recorded"));
        if (row.erpStatus() != OrderReturnStore.ErpStatus.PENDING) {
            LOG.info("Return {} to ERP skipped: {}", returnId, row.erpStatus());
            exchange.setProperty("railheadSkip", true);
            return;
        }
        if (erp.url() == null || erp.url().isBlank()) {
            throw new IllegalStateException("railhead.endpoints.erp.url is not set");
        }
        in.removeHeaders("*");
        in.setHeader("Idempotency-Key", returnId);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_URI, erp.returnsUrlFor(row.orderId()));
        if (cid != null) {
            in.setHeader(Headers.HTTP_CORRELATION_ID, cid);
        }
        if (erp.bearerToken() != null && !erp.bearerToken().isBlank()) {
            in.setHeader("Authorization", "Bearer " + erp.bearerToken());
        } else if (erp.username() != null && !erp.username().isBlank()) {
            String pair = erp.username() + ":" + (erp.password() == null ? "" : erp.password());
            in.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        in.setBody(row.payload());
    }

    /** Classifies the ERP's answer; throws {@link TransientEndpointException} for answers worth retrying. */
    public void onResponse(Exchange exchange) {
        String returnId = exchange.getProperty(RETURN_ID, String.class);
        String cid = exchange.getProperty(Headers.CORRELATION_ID, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getIn().getBody(String.class);
        String answer = "HTTP " + status + " " + (body == null ? "" : body);
        if (status == 408 || status == 429 || status >= 500 || status == 0) {
            throw new TransientEndpointException("ERP answered " + status + " for return " + returnId,
                    RetryAfter.parse(exchange.getIn().getHeader("Retry-After", String.class)).orElse(null), answer);
        }
        boolean accepted = status >= 200 && status < 300;
        OrderReturnStore.Row row = returns.find(returnId).orElseThrow();
        if (returns.settle(returnId, accepted ? OrderReturnStore.ErpStatus.SENT : OrderReturnStore.ErpStatus.REJECTED,
                TransientEndpointException.truncate(answer))) {
            orders.find(row.orderId()).ifPresent(o -> lifecycle.note(o, "erp", "return " + returnId
                    + (accepted ? " taken by the ERP" : " REJECTED by the ERP") + " (HTTP " + status + ")", cid));
        }
        if (accepted) {
            LOG.info("Return {} of order {} taken by the ERP", returnId, row.orderId());
        } else {
            LOG.warn("Return {} of order {} rejected by the ERP with HTTP {}", returnId, row.orderId(), status);
        }
    }
}
