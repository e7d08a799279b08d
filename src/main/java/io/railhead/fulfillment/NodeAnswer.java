package io.railhead.fulfillment;

/**
 * What a node's HTTP status means for a fulfillment request: 2xx accepted; 409 accepted too (the node already
 * has this {@code Idempotency-Key}); 408, 429 and 5xx worth retrying; any other status refused for good.
 */
enum NodeAnswer {
    ACCEPTED, RETRY, REFUSED;

    static NodeAnswer of(int status) {
        if (status >= 200 && status < 300 || status == 409) {
            return ACCEPTED;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return RETRY;
        }
        return REFUSED;
    }
}
