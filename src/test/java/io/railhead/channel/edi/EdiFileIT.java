package io.railhead.channel.edi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A trading partner on the file-drop transport, end to end: 850s in the inbox become canonical
 * orders in the ERP with a 997 in the outbox; bad EDI gets a precise rejection and an exception
 * entry with the raw file; duplicates and strangers are never processed.
 */
class EdiFileIT extends HubIT {

    @Value("${railhead.data-dir}")
    Path dataDir;

    private Path inbox() {
        return dataDir.resolve("edi/brightmart/in");
    }

    private Path outbox() {
        return dataDir.resolve("edi/brightmart/out");
    }

    private void drop(String name, String content) throws IOException {
        Files.createDirectories(inbox());
        Path tmp = inbox().resolve("." + name + ".part");
        Files.writeString(tmp, content, StandardCharsets.ISO_8859_1);
        Files.move(tmp, inbox().resolve(name));
    }

    /** The outbox file whose content contains the marker (e.g. "AK1*PO*123~"). */
    private Optional<String> outboxDocument(String marker) {
        if (!Files.isDirectory(outbox())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(outbox())) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .map(f -> {
                        try {
                            return Files.readString(f, StandardCharsets.ISO_8859_1);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(c -> c.contains(marker)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String awaitOutbox(String marker) {
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxDocument(marker).isPresent());
        return outboxDocument(marker).orElseThrow();
    }

    private JsonNode ediOrder(String po) {
        JsonNode orders = json(ops("GET", "/api/orders?channel=edi&channelOrderId=" + po)).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }


    @Test
    void purchaseOrder_becomesCanonicalOrderInErp_with997AcceptedInOutbox() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = X12Fixtures.groupNumber();
        String file = "850-" + po + ".edi";
        drop(file, X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(), gs06,
                List.of(X12Fixtures.purchaseOrder(po))));

        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedErpCalls(po).size() == 1);
        JsonNode sent = JSON.readTree(acceptedErpCalls(po).get(0).getRequest().getBodyAsString());
        assertThat(sent.get("channel").asText()).isEqualTo("edi");
        assertThat(sent.get("sourceAccount").asText()).isEqualTo("brightmart");
        assertThat(sent.at("/payment/status").asText()).isEqualTo("ON_TERMS");
        assertThat(sent.at("/b2b/poNumber").asText()).isEqualTo(po);
        assertThat(sent.at("/b2b/shipToPartyId").asText()).isEqualTo("12");
        assertThat(sent.at("/b2b/buyerPartyId").asText()).isEqualTo("0001");
        assertThat(sent.at("/b2b/requestedShipDate").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(sent.at("/shipTo/postalCode").asText()).isEqualTo("43215");
        assertThat(sent.at("/shipping/carrier").asText()).isEqualTo("UPSN");
        assertThat(sent.at("/lines/0/sku").asText()).as("UPC through the partner's cross-reference")
                .isEqualTo("MUG-CLASSIC-12");
        assertThat(sent.at("/lines/0/quantity").asInt()).isEqualTo(24);
        assertThat(sent.at("/lines/1/sku").asText()).as("vendor part number as sent").isEqualTo("TEA-EARLGREY-6");
        assertThat(sent.at("/lines/1/uom").asText()).isEqualTo("CA");
        assertThat(new java.math.BigDecimal(sent.at("/totals/grandTotal").asText())).as("no AMT: total from the lines")
                .isEqualByComparingTo("186.00");

        String ack = awaitOutbox("AK1*PO*" + gs06 + "~");
        assertThat(ack).startsWith("ISA*00*          *00*          *ZZ*RAILHEADDEMO   *ZZ*BRIGHTMART     *")
                .contains("GS*FA*RAILHEADDEMO*BRIGHTMART*").contains("ST*997*")
                .contains("AK2*850*0001~").contains("AK5*A~").contains("AK9*A*1*1*1~");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox().resolve("done")) && Files
                .walk(inbox().resolve("done")).anyMatch(f -> f.getFileName().toString().equals(file)));
        JsonNode order = ediOrder(po);
        assertThat(order.get("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void fractionalQuantityInPo102_isHeld_notTruncated() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> set = new java.util.ArrayList<>(X12Fixtures.vendorPartOrder(po));
        set.set(set.indexOf("PO1*1*5*EA*7.50**VN*MUG-CLASSIC-12"), "PO1*1*1.5*EA*7.50**VN*MUG-CLASSIC-12");
        drop("850-" + po + ".edi", X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(),
                X12Fixtures.groupNumber(), List.of(set)));

        await().atMost(Duration.ofSeconds(30)).until(() -> ediOrder(po) != null
                && "ON_HOLD".equals(ediOrder(po).get("status").asText()));
        assertThat(ediOrder(po).get("holdReasons").toString()).contains("INVALID_QUANTITY");
        assertThat(ediOrder(po).get("holdDetail").asText()).contains("quantity '1.5' is not a whole number");
        assertThat(erpCalls(po)).isEmpty();
    }

    @Test
    void setAcknowledgedWithErrors_isHeldForAnOperator_notReleasedUnchecked() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = X12Fixtures.groupNumber();
        List<String> set = new java.util.ArrayList<>(X12Fixtures.vendorPartOrder(po));
        // PID05 takes at most 80 characters: an error in an optional element, so the set is accepted with errors
        set.add(set.size() - 1, "PID*F****" + "LONG DESCRIPTION ".repeat(6));
        drop("850-" + po + ".edi", X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(), gs06,
                List.of(set)));

        assertThat(awaitOutbox("AK1*PO*" + gs06 + "~")).contains("AK5*E~");
        await().atMost(Duration.ofSeconds(30)).until(() -> ediOrder(po) != null
                && "ON_HOLD".equals(ediOrder(po).get("status").asText()));
        assertThat(ediOrder(po).get("holdReasons").toString()).contains("ACCEPTED_WITH_ERRORS");
        assertThat(ediOrder(po).get("holdDetail").asText()).contains("997 AK5 E for set 850/");
        assertThat(erpCalls(po)).isEmpty();

        assertThat(ops("POST", "/api/orders/" + ediOrder(po).get("orderId").asText() + "/release").statusCode())
                .as("the operator looked at it").isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedErpCalls(po).size() == 1);
    }

    @Test
    void badTransactionSet_rejectedWithAk3Ak4_otherSetAccepted_exceptionListsTheFile() throws Exception {
        String good = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String bad = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = X12Fixtures.groupNumber();
        List<String> badSet = new java.util.ArrayList<>(X12Fixtures.purchaseOrder(bad));
        badSet.set(0, "BEG*00*SA***20261123");             // BEG03 (PO number) missing
        badSet.add(3, "ZZZ*NOT A SEGMENT");                  // unknown segment
        badSet.set(9, "PO1*1*24*EA*3.25**UP*012345678905*BP*77-100*VN"); // odd id pair: too many? no: fine
        drop("850-mixed-" + gs06 + ".edi", X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(), gs06,
                List.of(X12Fixtures.purchaseOrder(good), badSet)));

        String ack = awaitOutbox("AK1*PO*" + gs06 + "~");
        assertThat(ack).contains("AK2*850*0001~AK5*A~".replace("~", "~\n"));
        assertThat(ack).contains("AK2*850*0002~\nAK3*BEG*2**8~\nAK4*3*324*1~\n")
                .contains("AK3*ZZZ*5**1~\n").contains("AK5*R*5~\n").contains("AK9*P*2*2*1~");
        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedErpCalls(good).size() == 1);
        assertThat(erpCalls(bad)).isEmpty();

        JsonNode entry = await().atMost(Duration.ofSeconds(10)).until(() -> findException("REJECTED_SETS", gs06),
                Optional::isPresent).orElseThrow();
        assertThat(entry.get("detail").asText()).contains("BEG#2 8").contains("Mandatory data element missing")
                .contains("ZZZ#5 1 Unrecognized segment ID");
        String raw = ops("GET", "/api/edi/files/" + entry.get("archiveId").asText() + "/raw", "*/*").body();
        assertThat(raw).contains("BEG*00*SA***20261123");
    }

    private Optional<JsonNode> findException(String reason, String marker) {
        for (JsonNode e : json(ops("GET", "/api/edi/exceptions")).get("exceptions")) {
            if (reason.equals(e.get("reason").asText()) && e.get("detail").asText().contains(marker)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Test
    void duplicateInterchange_rejectedWithTa1_orderSentOnce() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String isa13 = X12Fixtures.controlNumber();
        String content = X12Fixtures.interchange("BRIGHTMART", isa13, X12Fixtures.groupNumber(),
                List.of(X12Fixtures.purchaseOrder(po)));
        drop("first-" + isa13 + ".edi", content);
        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedErpCalls(po).size() == 1);
        drop("again-" + isa13 + ".edi", content);

        String ta1 = awaitOutbox("TA1*" + isa13 + "*");
        assertThat(ta1).contains("TA1*" + isa13 + "*261123*1015*R*025~").contains("IEA*0*");
        await().atMost(Duration.ofSeconds(10)).until(() -> findException("DUPLICATE_INTERCHANGE", isa13).isPresent());
        assertThat(acceptedErpCalls(po)).hasSize(1);
    }

    @Test
    void unknownSender_notProcessed_reportedAsException() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String isa13 = X12Fixtures.controlNumber();
        drop("stranger-" + isa13 + ".edi", X12Fixtures.interchange("STRANGERCO", isa13, X12Fixtures.groupNumber(),
                List.of(X12Fixtures.purchaseOrder(po))));
        JsonNode entry = await().atMost(Duration.ofSeconds(30))
                .until(() -> findException("SENDER_MISMATCH", isa13).or(() -> findException("UNKNOWN_SENDER", isa13)),
                        Optional::isPresent).orElseThrow();
        assertThat(entry.get("detail").asText()).contains("STRANGERCO");
        assertThat(erpCalls(po)).isEmpty();
        assertThat(outboxDocument(isa13)).isEmpty();
    }

    @Test
    void truncatedFile_rejectedWithTa1_nothingProcessed() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String isa13 = X12Fixtures.controlNumber();
        String full = X12Fixtures.interchange("BRIGHTMART", isa13, X12Fixtures.groupNumber(),
                List.of(X12Fixtures.purchaseOrder(po)));
        drop("cut-" + isa13 + ".edi", full.substring(0, full.indexOf("GE*")));

        String ta1 = awaitOutbox("TA1*" + isa13 + "*");
        assertThat(ta1).contains("*R*023~");
        await().atMost(Duration.ofSeconds(10)).until(() -> findException("ENVELOPE_INVALID", isa13).isPresent());
        assertThat(findException("ENVELOPE_INVALID", isa13).orElseThrow().get("detail").asText())
                .contains("without an IEA");
        assertThat(erpCalls(po)).isEmpty();
    }

    @Test
    void partnerSampleFile_checkedBeforeGoLive_withoutProcessing() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = X12Fixtures.groupNumber();
        List<String> unknownItem = new java.util.ArrayList<>(X12Fixtures.purchaseOrder(po));
        unknownItem.set(8, "PO1*1*24*EA*3.25**UP*099999999999");
        String sample = X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(), gs06, List.of(unknownItem));

        var response = ops("POST", "/api/edi/check", "application/edi-x12", sample.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode interchange = json(response).at("/interchanges/0");
        assertThat(interchange.get("verdict").asText()).isEqualTo("ACCEPTED");
        assertThat(interchange.get("partner").asText()).isEqualTo("brightmart");
        JsonNode set = interchange.at("/groups/0/sets/0");
        assertThat(set.get("ack").asText()).isEqualTo("A");
        assertThat(set.at("/order/b2b/poNumber").asText()).isEqualTo(po);
        assertThat(set.at("/holds/MISSING_SKU").asText()).as("a UPC the cross-reference does not know").isNotEmpty();

        assertThat(ops("POST", "/api/edi/check", "application/edi-x12", new byte[0]).statusCode()).isEqualTo(400);
        assertThat(ediOrder(po)).as("a check processes nothing").isNull();
        assertThat(outboxDocument("AK1*PO*" + gs06 + "~")).isEmpty();
    }

    @Test
    void partnersFunctionalAck_isRecordedOnTheDocumentsItAcknowledges() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = X12Fixtures.groupNumber();
        drop("850-" + po + ".edi", X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(), gs06,
                List.of(X12Fixtures.purchaseOrder(po))));
        awaitOutbox("AK1*PO*" + gs06 + "~");
        JsonNode sent = await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode d : json(ops("GET", "/api/edi/outbound?partner=brightmart&document=997")).get("documents")) {
                if ("SENT".equals(d.get("status").asText()) && d.get("eventKey").asText().endsWith(":" + gs06)) {
                    return d;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        String ourGroup = sent.get("groupControlNumber").asText();

        String isa13 = X12Fixtures.controlNumber();
        String ack = String.format("ISA*00*          *00*          *ZZ*BRIGHTMART     *ZZ*RAILHEADDEMO   "
                + "*261123*1200*U*00401*%s*0*P*>~\n", isa13)
                + "GS*FA*BRIGHTMART*RAILHEADDEMO*20261123*1200*" + isa13.substring(3) + "*X*004010~\n"
                + "ST*997*0001~\nAK1*FA*" + ourGroup + "~\nAK2*997*0001~\nAK3*AK9*4**8~\nAK4*2*97*1~\n"
                + "AK5*R*5~\nAK9*R*1*1*0~\nSE*8*0001~\n"
                + "GE*1*" + isa13.substring(3) + "~\nIEA*1*" + isa13 + "~\n";
        drop("997-" + isa13 + ".edi", ack);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode d : json(ops("GET", "/api/edi/outbound?partner=brightmart&document=997")).get("documents")) {
                if (d.get("id").asText().equals(sent.get("id").asText())) {
                    return "REJECTED".equals(d.path("partnerAck").asText());
                }
            }
            return false;
        });
        JsonNode unacked = json(ops("GET", "/api/edi/outbound?partner=brightmart&unacknowledgedFor=PT0S"))
                .get("documents");
        assertThat(unacked.findValuesAsText("id")).doesNotContain(sent.get("id").asText());
        assertThat(outboxDocument("AK1*FA*" + isa13.substring(3) + "~")).as("acknowledgments are not acknowledged")
                .isEmpty();
    }

    @Test
    void wrongSeparators_rejectedWithTa1_nothingProcessed() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String isa13 = X12Fixtures.controlNumber();
        String full = X12Fixtures.interchange("BRIGHTMART", isa13, X12Fixtures.groupNumber(),
                List.of(X12Fixtures.purchaseOrder(po)));
        // the ISA says '*' but one of its separators is a '|': its elements no longer line up
        drop("seps-" + isa13 + ".edi", full.replaceFirst("\\*00\\*", "|00*"));

        String ta1 = awaitOutbox("TA1*" + isa13 + "*");
        assertThat(ta1).contains("*R*026~");
        await().atMost(Duration.ofSeconds(10)).until(() -> findException("UNREADABLE", isa13).isPresent());
        assertThat(erpCalls(po)).isEmpty();
    }

    @Test
    void interchangeForAnotherReceiver_rejectedWithTa1_notProcessed() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String isa13 = X12Fixtures.controlNumber();
        drop("other-" + isa13 + ".edi", X12Fixtures.interchange("BRIGHTMART", isa13, X12Fixtures.groupNumber(),
                List.of(X12Fixtures.purchaseOrder(po))).replace("*ZZ*RAILHEADDEMO   *", "*ZZ*SOMEONEELSE    *"));

        String ta1 = awaitOutbox("TA1*" + isa13 + "*");
        assertThat(ta1).contains("*R*008~");
        await().atMost(Duration.ofSeconds(10)).until(() -> findException("RECEIVER_MISMATCH", isa13).isPresent());
        assertThat(erpCalls(po)).isEmpty();
    }

    private Optional<JsonNode> exceptionForFile(String reason, String fileName) {
        for (JsonNode e : json(ops("GET", "/api/edi/exceptions?partner=brightmart")).get("exceptions")) {
            if (reason.equals(e.get("reason").asText()) && fileName.equals(e.path("fileName").asText())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Test
    void emptyFile_movedToErrorWithReport_andListedAsException() throws Exception {
        String file = "empty-" + UUID.randomUUID() + ".edi";
        drop(file, "");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox().resolve("error").resolve(file))
                && Files.exists(inbox().resolve("error").resolve(file + ".report.txt")));
        assertThat(Files.readString(inbox().resolve("error").resolve(file + ".report.txt")))
                .contains("EMPTY_FILE").contains("0 bytes");
        JsonNode entry = await().atMost(Duration.ofSeconds(10))
                .until(() -> exceptionForFile("EMPTY_FILE", file), Optional::isPresent).orElseThrow();
        assertThat(entry.get("transport").asText()).isEqualTo("file");
        assertThat(inbox().resolve(file)).doesNotExist();
        assertThat(inbox().resolve(file + ".camelLock")).doesNotExist();
    }

    @Test
    void fileOverTheSizeLimit_refusedWithoutBeingRead_movedToError_exceptionNamesTheLimit() throws Exception {
        String file = "huge-" + UUID.randomUUID() + ".edi";
        Files.createDirectories(inbox());
        Path tmp = inbox().resolve("." + file + ".part");
        // Sparse, one byte over the default limit of 10 MB: if the hub read it, it would archive 10 MB of zeros.
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tmp.toFile(), "rw")) {
            f.setLength(10L * 1024 * 1024 + 1);
        }
        Files.move(tmp, inbox().resolve(file));

        JsonNode entry = await().atMost(Duration.ofSeconds(30))
                .until(() -> exceptionForFile("TOO_LARGE", file), Optional::isPresent).orElseThrow();
        assertThat(entry.get("detail").asText()).contains("railhead.edi.max-file-size").contains("10485760")
                .contains("10485761");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox().resolve("error").resolve(file)));
        assertThat(Files.readString(inbox().resolve("error").resolve(file + ".report.txt"))).contains("TOO_LARGE");
        var archived = ops("GET", "/api/edi/files/" + entry.get("archiveId").asText());
        assertThat(json(archived).get("sizeBytes").asLong()).isEqualTo(10L * 1024 * 1024 + 1);
        assertThat(ops("GET", "/api/edi/files/" + entry.get("archiveId").asText() + "/raw", "*/*").statusCode())
                .as("nothing of it was stored").isEqualTo(404);
    }

    @Test
    void setWithHundredsOfBadSegments_997ListsTheFirstHundred_andRejectsTheSet() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = X12Fixtures.groupNumber();
        List<String> bad = new java.util.ArrayList<>(X12Fixtures.purchaseOrder(po));
        for (int i = 0; i < 300; i++) {
            bad.add(3, "ZZZ*NOT A SEGMENT");
        }
        drop("850-noisy-" + gs06 + ".edi", X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(), gs06,
                List.of(bad)));

        String ack = awaitOutbox("AK1*PO*" + gs06 + "~");
        assertThat(ack.split("AK3\\*", -1)).hasSize(101);
        assertThat(ack).contains("AK5*R*5~").contains("AK9*R*1*1*0~");
        JsonNode entry = await().atMost(Duration.ofSeconds(10)).until(() -> findException("REJECTED_SETS", gs06),
                Optional::isPresent).orElseThrow();
        assertThat(entry.get("detail").asText()).contains("more than 100 segment errors");
        assertThat(erpCalls(po)).isEmpty();
    }
}
