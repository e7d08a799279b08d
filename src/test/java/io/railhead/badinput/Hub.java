package io.railhead.badinput;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the corpus drivers need of the running hub: HTTP to it, its database, its folders, the ERP's log. */
interface Hub {

    HttpResponse<String> http(HttpRequest request);

    URI uri(String path);

    /** The operator's Basic credentials, as an Authorization header value. */
    String opsAuthorization();

    JdbcTemplate jdbc();

    Path dataDir();

    /** How many 2xx calls the ERP got whose body or URL mentions {@code marker}. */
    int erpAccepted(String marker);

    /**
     * What came back for a case — an HTTP answer, or a file's report and acknowledgments ({@code status} -1) —
     * and {@code key}, what identifies the delivery when its outcome is looked up.
     */
    record Answer(int status, String text, Map<String, List<String>> headers, String key) {

        static Answer of(HttpResponse<String> r, String key) {
            return new Answer(r.statusCode(), r.body(), r.headers().map(), key);
        }

        static Answer file(String text, String key) {
            return new Answer(-1, text, Map.of(), key);
        }

        Answer withText(String more) {
            return new Answer(status, more, headers, key);
        }
    }

    /** An order the case's delivery led to, as the store has it. */
    record Record(String channelOrderId, String status, String holdReasons, String holdDetail) {
    }

    /**
     * The orders of {@code channel} made from a raw payload matching {@code like} (SQL LIKE): found by what was
     * sent, so also those held without a channel order id (their ids could not be read or kept).
     */
    default List<Record> recordsByPayload(String channel, String like) {
        return jdbc().query("select o.channel_order_id, o.status, o.hold_reasons, o.hold_detail from orders o "
                        + "join raw_message r on r.id = o.raw_message_id where r.channel = ? and r.payload like ?",
                (rs, i) -> new Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), channel, like);
    }
}
