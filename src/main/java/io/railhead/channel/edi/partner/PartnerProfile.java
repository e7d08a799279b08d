package io.railhead.channel.edi.partner;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trading partner, as written in {@code config/partners/<id>.yml}: who they are in the X12
 * envelopes, which documents are exchanged, how files travel, what acknowledgments they expect,
 * and how their party and item numbers translate to ours. Onboarding a partner is adding such a
 * file; nothing in the code names a partner.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PartnerProfile(
        String id,
        String name,
        Interchange interchange,
        Groups groups,
        List<String> documents,
        Transport transport,
        Acknowledgments acknowledgments,
        Items items,
        Parties parties,
        String currency,
        String terms,
        InventoryAdvice inventoryAdvice) {

    /**
     * ISA envelope identities and the syntax we write to this partner. {@code qualifier}/{@code id}
     * are the partner's (ISA05/ISA06 on what they send), {@code receiverQualifier}/{@code receiverId}
     * ours (ISA07/ISA08 on what they send, swapped on what we send).
     */
    public record Interchange(String qualifier, String id, String receiverQualifier, String receiverId,
                              String version, String usageIndicator, String elementSeparator,
                              String componentSeparator, String repetitionSeparator, String segmentTerminator,
                              Boolean newlineAfterSegment) {

        public String versionOrDefault() {
            return version == null ? "00401" : version;
        }

        public String usageOrDefault() {
            return usageIndicator == null ? "P" : usageIndicator;
        }

        public String elementSeparatorOrDefault() {
            return elementSeparator == null ? "*" : elementSeparator;
        }

        public String componentSeparatorOrDefault() {
            return componentSeparator == null ? ">" : componentSeparator;
        }

        public String repetitionSeparatorOrDefault() {
            return repetitionSeparator == null ? "^" : repetitionSeparator;
        }

        public String segmentTerminatorOrDefault() {
            return segmentTerminator == null ? "~" : segmentTerminator;
        }

        public boolean newlineAfterSegmentOrDefault() {
            return newlineAfterSegment == null || newlineAfterSegment;
        }
    }

    /** GS application codes (GS02 = partner, GS03 = ours on inbound) and the X12 version (GS08). */
    public record Groups(String senderCode, String receiverCode, String version) {
    }

    /**
     * What acknowledgments flow: {@code functional} sends a 997 for every group received;
     * {@code ta1} sends a TA1 when the partner asks for one (ISA14=1) or the envelope is rejected;
     * {@code expectFunctional} records that the partner answers our documents with a 997.
     */
    public record Acknowledgments(Boolean functional, Boolean ta1, Boolean expectFunctional) {
    }

    /**
     * How PO1 item ids become our SKU: {@code qualifiers} in order of preference (VN = vendor part
     * number is our SKU unless mapped), {@code xref} maps "QUALIFIER:value" (e.g. "UP:012345678905",
     * "BP:884-22") to our SKU.
     */
    public record Items(List<String> qualifiers, Map<String, String> xref) {
    }

    /**
     * Party mappings: ship-to locations by the number the partner sends in N104 (store or DC
     * number), and our ship-from location for 856 ship notices.
     */
    public record Parties(Map<String, Party> shipTo, Party shipFrom, Party remitTo) {
    }

    /**
     * The 846 inventory advice the partner gets when a stock channel of {@code type: edi} names it:
     * at most one advice per {@code interval} (e.g. {@code 15m}, {@code 1h}) with the quantities that
     * changed since the last one; {@code reportType} is BIA02 (default {@code SI}).
     */
    public record InventoryAdvice(String interval, String reportType) {

        public String reportTypeOrDefault() {
            return reportType == null ? "SI" : reportType;
        }
    }

    /** A location: its id as the partner knows it (GLN, DUNS, store number), name and address. */
    public record Party(String idQualifier, String id, String name, String line1, String line2, String city,
                        String region, String postalCode, String countryCode) {
    }

    /**
     * Transport type ({@code file}, {@code sftp}, {@code as2}) and its settings, which each
     * transport reads for itself (e.g. {@code inbox}/{@code outbox} for file).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class Transport {

        private static final ObjectMapper MAPPER = new ObjectMapper();

        private String type;
        private final Map<String, Object> settings = new LinkedHashMap<>();

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        @JsonAnySetter
        public void set(String key, Object value) {
            settings.put(key, value);
        }

        @JsonAnyGetter
        public Map<String, Object> settings() {
            return settings;
        }

        @JsonIgnore
        public String setting(String key) {
            Object v = settings.get(key);
            return v == null ? null : String.valueOf(v);
        }

        /** The settings bound to a transport's own settings type. */
        public <T> T as(Class<T> type) {
            return MAPPER.convertValue(settings, type);
        }
    }

    public boolean exchanges(String transactionSet) {
        return documents != null && documents.contains(transactionSet);
    }

    /** GS02 the partner uses (defaults to its ISA id). */
    public String partnerGroupCode() {
        return groups != null && groups.senderCode() != null ? groups.senderCode() : interchange.id();
    }

    /** GS03 the partner addresses us with (defaults to our ISA id). */
    public String ourGroupCode() {
        return groups != null && groups.receiverCode() != null ? groups.receiverCode() : interchange.receiverId();
    }

    public String groupVersion() {
        return groups != null && groups.version() != null ? groups.version() : "004010";
    }

    public boolean sendsFunctionalAcks() {
        return acknowledgments == null || acknowledgments.functional() == null || acknowledgments.functional();
    }

    public boolean sendsTa1() {
        return acknowledgments == null || acknowledgments.ta1() == null || acknowledgments.ta1();
    }

    public List<String> itemQualifiers() {
        return items != null && items.qualifiers() != null && !items.qualifiers().isEmpty()
                ? items.qualifiers() : List.of("VN");
    }

    public Map<String, String> itemXref() {
        return items != null && items.xref() != null ? items.xref() : Map.of();
    }

    public Party shipToParty(String number) {
        return parties != null && parties.shipTo() != null && number != null ? parties.shipTo().get(number) : null;
    }

    /** The advice interval of the profile's {@code inventoryAdvice}, or null when it has none (or it does not parse). */
    public java.time.Duration inventoryAdviceInterval() {
        if (inventoryAdvice == null || inventoryAdvice.interval() == null) {
            return null;
        }
        try {
            return org.springframework.boot.convert.DurationStyle.detectAndParse(inventoryAdvice.interval());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Party shipFrom() {
        return parties == null ? null : parties.shipFrom();
    }

    public Party remitTo() {
        return parties == null ? null : parties.remitTo();
    }
}
