package io.railhead.badinput;

import java.util.List;

/** How one channel's corpus cases are delivered, and where their outcome is found. */
interface Deliveries {

    /** Sends the case the way the channel would; returns what the sender got back. */
    Hub.Answer deliver(BadInputCase c, Hub hub) throws Exception;

    /**
     * The orders the delivery led to so far, each with the channel order id the ERP would know it by
     * (null when it has none: an unreadable payload). Empty while in flight, and for refused input.
     */
    List<Hub.Record> records(BadInputCase c, Hub.Answer answer, Hub hub);

    /** Whether the channel's input makes orders at all (the ops API's does not). */
    default boolean makesOrders() {
        return true;
    }

    /** A file channel's final answer (report, acknowledgment) may come later than its records. */
    default Hub.Answer settle(BadInputCase c, Hub.Answer answer, Hub hub) {
        return answer;
    }
}
