package io.railhead.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The time window of a KPI request, {@code [from, to)}: read from the request's ISO-8601 instants, {@code to}
 * defaulting to now and {@code from} to the default window before {@code to}. A window that is empty, backwards,
 * longer than allowed or unreadable is refused with the reason (400), never computed.
 */
public record KpiWindow(Instant from, Instant to) {

    public static KpiWindow of(String from, String to, Instant now, Duration defaultWindow, Duration maxWindow) {
        Instant end = blank(to) ? now : parse("to", to);
        Instant start = blank(from) ? end.minus(defaultWindow) : parse("from", from);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("from (" + start + ") must be before to (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(maxWindow) > 0) {
            throw new IllegalArgumentException("the window from " + start + " to " + end + " is longer than "
                    + maxWindow.toDays() + " days (" + maxWindow + ", railhead.kpi.max-window)");
        }
        return new KpiWindow(start, end);
    }

    private static Instant parse(String name, String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not an ISO-8601 instant (e.g. 2026-12-01T00:00:00Z): "
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
