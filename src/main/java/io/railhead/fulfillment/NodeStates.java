package io.railhead.fulfillment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether each node takes requests (table {@code fulfillment_node_state}, Flyway V11): an operator marks it down
 * or up ({@link NodesController}), and {@link NodeRequests} counts its consecutive dead requests, marking it down
 * at the node's {@code downAfterFailures} (an accepted request resets the count). {@link NodeEvents} hear of a
 * node going down or up after the change commits. A node without a row is up.
 */
@Service
public class NodeStates {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStates.class);
    private static final RowMapper<NodeState> STATE = (rs, i) -> new NodeState(rs.getString(1), rs.getBoolean(2),
            rs.getString(3), instant(rs, 4), rs.getInt(5));

    /** A node's state; {@code since} is when it last went down or up (null when it never did). */
    public record NodeState(String nodeId, boolean down, String reason, Instant since, int consecutiveFailures) {

        static NodeState up(String nodeId) {
            return new NodeState(nodeId, false, null, null, 0);
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final NodeEventsNotifier events;

    public NodeStates(NamedParameterJdbcTemplate jdbc, NodeEventsNotifier events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public NodeState state(String nodeId) {
        List<NodeState> found = jdbc.query("select node_id, down, reason, since, consecutive_failures "
                + "from fulfillment_node_state where node_id = :id", new MapSqlParameterSource("id", nodeId), STATE);
        return found.isEmpty() ? NodeState.up(nodeId) : found.get(0);
    }

    /** The states of the nodes that have one, by node id. */
    public Map<String, NodeState> all() {
        Map<String, NodeState> out = new LinkedHashMap<>();
        jdbc.query("select node_id, down, reason, since, consecutive_failures from fulfillment_node_state "
                + "order by node_id", STATE).forEach(s -> out.put(s.nodeId(), s));
        return out;
    }

    public boolean isUp(String nodeId) {
        return !state(nodeId).down();
    }

    @Transactional
    public NodeState markDown(String nodeId, String reason) {
        NodeState before = locked(nodeId);
        jdbc.update("update fulfillment_node_state set down = true, reason = :reason, since = :now where node_id = :id",
                params(nodeId).addValue("reason", fit(reason)));
        if (!before.down()) {
            LOG.warn("Fulfillment node {} marked down: {}", nodeId, reason);
            events.nodeDown(nodeId, reason);
        }
        return state(nodeId);
    }

    /** Up again, its failure count reset. */
    @Transactional
    public NodeState markUp(String nodeId) {
        NodeState before = locked(nodeId);
        jdbc.update("update fulfillment_node_state set down = false, reason = null, consecutive_failures = 0, "
                + "since = case when down then :now else since end where node_id = :id", params(nodeId));
        if (before.down()) {
            LOG.info("Fulfillment node {} marked up", nodeId);
            events.nodeUp(nodeId);
        }
        return state(nodeId);
    }

    /** One more request of the node dead-lettered: at {@code downAfter} in a row the node is marked down. */
    @Transactional
    public NodeState requestDead(String nodeId, int downAfter) {
        locked(nodeId);
        jdbc.update("update fulfillment_node_state set consecutive_failures = consecutive_failures + 1 where node_id = :id",
                params(nodeId));
        NodeState now = state(nodeId);
        if (!now.down() && now.consecutiveFailures() >= downAfter) {
            return markDown(nodeId, now.consecutiveFailures() + " consecutive requests dead-lettered");
        }
        return now;
    }

    /** The node accepted a request: its run of failures is over. */
    @Transactional
    public void requestAccepted(String nodeId) {
        jdbc.update("update fulfillment_node_state set consecutive_failures = 0 where node_id = :id "
                + "and consecutive_failures <> 0", params(nodeId));
    }

    /**
     * Locks the node's row for the rest of the caller's transaction: requests to a node with a daily capacity are
     * counted and recorded one transaction at a time, on every instance, so two at once cannot overrun it.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void lockForCapacity(String nodeId) {
        locked(nodeId);
    }

    /** The node's row, created when missing, locked for the rest of the transaction. */
    private NodeState locked(String nodeId) {
        jdbc.update("insert into fulfillment_node_state (node_id, down, consecutive_failures) values (:id, false, 0) "
                + "on conflict do nothing", params(nodeId));
        return jdbc.query("select node_id, down, reason, since, consecutive_failures from fulfillment_node_state "
                + "where node_id = :id for update", params(nodeId), STATE).get(0);
    }

    private static MapSqlParameterSource params(String nodeId) {
        return new MapSqlParameterSource("id", nodeId).addValue("now", OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static String fit(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
