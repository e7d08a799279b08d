package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a logged-in operator can get out of Jolokia (Hawtio's view of the JVM): no secret the hub
 * was started with, even with those secrets on its command line, as when they are passed as
 * program arguments; no heap dump, flight recording, diagnostic command or file-writing operation;
 * while what Hawtio shows (routes, queues, JVM figures) still answers.
 */
class JolokiaAccessIT extends HubIT {

    /** The shared test context's secrets (application-test.yaml), also put on the command line below. */
    private static final List<String> SECRETS = List.of("test-secret-new", "test-secret-old", "test-erp-token",
            "test-broker-pw", OPS_PASSWORD,
            Base64.getEncoder().encodeToString((OPS_USER + ":" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    private static String commandLine;

    @BeforeAll
    static void secretsOnTheCommandLine() {
        // sun.java.command is where the JVM keeps the main class and the program arguments.
        commandLine = System.getProperty("sun.java.command", "");
        System.setProperty("sun.java.command", commandLine + " --railhead.channels.shopify.webhook-secret=test-secret-new,"
                + "test-secret-old --railhead.endpoints.erp.bearer-token=test-erp-token --railhead.broker.password="
                + "test-broker-pw --spring.security.user.password=" + OPS_PASSWORD);
    }

    @AfterAll
    static void restoreCommandLine() {
        System.setProperty("sun.java.command", commandLine);
    }

    private JsonNode jolokia(JsonNode request) {
        HttpResponse<String> answer = ops("POST", "/actuator/jolokia", "application/json",
                request.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private static ObjectNode request(String type, String mbean) {
        ObjectNode r = JSON.createObjectNode().put("type", type);
        return mbean == null ? r : r.put("mbean", mbean);
    }

    private static ObjectNode exec(String mbean, String operation, Object... arguments) {
        ObjectNode r = request("exec", mbean).put("operation", operation);
        ArrayNode args = r.putArray("arguments");
        for (Object a : arguments) {
            if (a instanceof Boolean b) {
                args.add(b);
            } else {
                args.add(String.valueOf(a));
            }
        }
        return r;
    }

    private static ObjectNode read(String mbean, String attribute) {
        return request("read", mbean).put("attribute", attribute);
    }

    /** Every MBean name Jolokia lists. */
    private List<String> mbeans(JsonNode list) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> domains = list.path("value").fields(); domains.hasNext(); ) {
            Map.Entry<String, JsonNode> domain = domains.next();
            domain.getValue().fieldNames().forEachRemaining(keys -> names.add(domain.getKey() + ":" + keys));
        }
        return names;
    }

    @Test
    void noAttributeOfAnyMBeanShowsASecretTheHubWasStartedWith() {
        JsonNode list = jolokia(request("list", null));
        List<String> names = mbeans(list);
        assertThat(names).contains("java.lang:type=Runtime").hasSizeGreaterThan(100);

        ArrayNode bulk = JSON.createArrayNode();
        for (String name : names) {
            ObjectNode read = request("read", name);
            read.putObject("config").put("ignoreErrors", true).put("maxDepth", 20).put("maxCollectionSize", 100_000)
                    .put("maxObjects", 1_000_000);
            bulk.add(read);
        }
        JsonNode answers = jolokia(bulk);
        assertThat(answers.size()).isEqualTo(names.size());
        assertThat(answers.findValues("value")).as("values read").hasSizeGreaterThan(100);
        String everything = list.toString() + answers;
        for (String secret : SECRETS) {
            assertThat(everything).as("Jolokia answers").doesNotContain(secret);
        }
    }

    @Test
    void secretsHeapDumpsRecordingsAndFileWritesAreRefused_whatHawtioShowsIsNot() throws Exception {
        String server = "org.apache.activemq.artemis:broker=\"" + broker.getActiveMQServer().getConfiguration().getName() + "\"";
        Path sent = Path.of("target/test-data/jolokia-sent-" + System.nanoTime() + ".txt");
        List<ObjectNode> refused = List.of(
                read("java.lang:type=Runtime", "SystemProperties"),
                read("java.lang:type=Runtime", "InputArguments"),
                exec("com.sun.management:type=DiagnosticCommand", "vmSystemProperties()"),
                exec("com.sun.management:type=DiagnosticCommand", "vmCommandLine()"),
                exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap(java.lang.String,boolean)",
                        "target/no-such-dir/heap.hprof", true),
                exec("jdk.management.jfr:type=FlightRecorder", "newRecording()"),
                exec("hawtio:type=JVMList", "listLocalJVMs()"),
                exec(server, "exportConfigAsProperties()"),
                // The test database has an empty password: were the write to pass, nothing would change.
                request("write", "com.zaxxer.hikari:name=dataSource,type=HikariDataSource").put("attribute", "Password")
                        .put("value", ""),
                exec("org.apache.camel:context=*,type=context,name=*", "sendStringBody(java.lang.String,java.lang.String)",
                        "file:" + sent.getParent() + "?fileName=" + sent.getFileName(), "written through Jolokia"),
                // A pattern name is checked as a pattern by Jolokia, not per MBean: refused outright.
                exec("com.sun.management:*", "vmSystemProperties()"),
                exec("org.apache.camel:*", "sendStringBody(java.lang.String, java.lang.String)",
                        "file:" + sent.getParent() + "?fileName=" + sent.getFileName(), "written through Jolokia"));
        ArrayNode bulk = JSON.createArrayNode().addAll(refused);
        JsonNode answers = jolokia(bulk);
        for (int i = 0; i < refused.size(); i++) {
            assertThat(answers.get(i).path("status").asInt()).as(refused.get(i) + " -> " + answers.get(i)).isEqualTo(403);
        }
        assertThat(answers.toString()).doesNotContain("test-secret-new");
        assertThat(Files.exists(sent)).as("file written by a Camel endpoint").isFalse();

        JsonNode shown = jolokia(JSON.createArrayNode()
                .add(read("java.lang:type=Runtime", "Uptime"))
                .add(request("search", "org.apache.camel:type=routes,*"))
                .add(read(server + ",component=addresses,address=\"order.received.v1\",subcomponent=queues,"
                        + "routing-type=\"anycast\",queue=\"order.received.v1\"", "MessageCount")));
        for (JsonNode answer : shown) {
            assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
        }
        assertThat(shown.get(1).path("value").size()).isGreaterThan(3);
    }
}
