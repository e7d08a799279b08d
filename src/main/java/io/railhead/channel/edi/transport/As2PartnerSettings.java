package io.railhead.channel.edi.transport;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.railhead.channel.edi.partner.PartnerProfile;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.camel.component.as2.api.AS2EncryptionAlgorithm;
import org.apache.camel.component.as2.api.AS2MessageStructure;
import org.apache.camel.component.as2.api.AS2MicAlgorithm;
import org.apache.camel.component.as2.api.AS2SignatureAlgorithm;

/**
 * The AS2 settings of one partner profile ({@code transport: {type: as2, ...}}), bound from the
 * profile's free-form transport settings. Unknown keys are refused so a typo (say
 * {@code encrypted: false}) stops the start instead of silently changing what goes on the wire.
 *
 * <ul>
 *   <li>{@code as2From}: the AS2 name the partner sends from (their {@code AS2-From}); inbound
 *       messages are matched to the partner by it. Required.</li>
 *   <li>{@code as2To}: the AS2 name we address them with; defaults to {@code as2From}.</li>
 *   <li>{@code ourAs2Id}: our AS2 name towards this partner; defaults to {@code railhead.edi.as2.id}.</li>
 *   <li>{@code url}: their AS2 endpoint, {@code http://} or {@code https://}. Required.</li>
 *   <li>{@code partnerCertificate}: their X.509 certificate (PEM or DER; relative paths are
 *       resolved against the partner profile directory). Verifies their signatures and MDNs and
 *       encrypts what we send. Required.</li>
 *   <li>{@code sign}, {@code encrypt} (default true), {@code signingAlgorithm} (SHA256WITHRSA),
 *       {@code encryptionAlgorithm} (AES256_CBC), {@code micAlgorithm} (sha-256).</li>
 *   <li>{@code mdn}: only {@code sync} (a signed receipt on the same connection).</li>
 *   <li>{@code subject}, {@code contentType} (application/edi-x12), {@code charset} (ISO-8859-1).</li>
 * </ul>
 * Used by {@link As2Inbound} and {@link As2Outbound}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record As2PartnerSettings(
        String as2From,
        String as2To,
        String ourAs2Id,
        String url,
        String partnerCertificate,
        Boolean sign,
        Boolean encrypt,
        String signingAlgorithm,
        String encryptionAlgorithm,
        String micAlgorithm,
        String mdn,
        String subject,
        String contentType,
        String charset) {

    static final String DEFAULT_SIGNING = "SHA256WITHRSA";
    static final String DEFAULT_ENCRYPTION = "AES256_CBC";
    static final String DEFAULT_MIC = "sha-256";
    static final String DEFAULT_CONTENT_TYPE = "application/edi-x12";
    static final String DEFAULT_CHARSET = "ISO-8859-1";

    /** The AS2 settings of a partner whose transport is {@code as2}; fails with every problem found. */
    public static As2PartnerSettings of(PartnerProfile partner) {
        if (!"as2".equals(partner.transport().getType())) {
            throw new IllegalStateException("partner " + partner.id() + " does not use the AS2 transport");
        }
        As2PartnerSettings settings;
        try {
            settings = partner.transport().as(As2PartnerSettings.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("partner " + partner.id() + ": AS2 transport settings cannot be read: "
                    + e.getMessage(), e);
        }
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("partner " + partner.id() + ": AS2 transport settings: "
                    + String.join("; ", problems));
        }
        return settings;
    }

    public String as2ToOrDefault() {
        return as2To == null || as2To.isBlank() ? as2From : as2To;
    }

    public String ourAs2IdOr(String hubId) {
        return ourAs2Id == null || ourAs2Id.isBlank() ? hubId : ourAs2Id;
    }

    public boolean signs() {
        return sign == null || sign;
    }

    public boolean encrypts() {
        return encrypt == null || encrypt;
    }

    public AS2SignatureAlgorithm signingAlgorithmOrDefault() {
        return AS2SignatureAlgorithm.valueOf(orDefault(signingAlgorithm, DEFAULT_SIGNING).toUpperCase(Locale.ROOT));
    }

    public AS2EncryptionAlgorithm encryptionAlgorithmOrDefault() {
        return AS2EncryptionAlgorithm.valueOf(orDefault(encryptionAlgorithm, DEFAULT_ENCRYPTION).toUpperCase(Locale.ROOT));
    }

    /** The MIC algorithm asked for in the MDN request, as AS2 names it (e.g. {@code sha-256}). */
    public String micAlgorithmOrDefault() {
        return orDefault(micAlgorithm, DEFAULT_MIC).toLowerCase(Locale.ROOT);
    }

    public String contentTypeOrDefault() {
        return orDefault(contentType, DEFAULT_CONTENT_TYPE);
    }

    public String charsetOrDefault() {
        return orDefault(charset, DEFAULT_CHARSET);
    }

    public AS2MessageStructure structure() {
        if (signs() && encrypts()) {
            return AS2MessageStructure.SIGNED_ENCRYPTED;
        }
        if (signs()) {
            return AS2MessageStructure.SIGNED;
        }
        return encrypts() ? AS2MessageStructure.ENCRYPTED : AS2MessageStructure.PLAIN;
    }

    /** What does not hold together, for the start-up check; empty when the settings are usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (as2From == null || as2From.isBlank()) {
            problems.add("as2From (the partner's AS2 name) is missing");
        } else if (!validAs2Name(as2From)) {
            problems.add("as2From is not a valid AS2 name (1-128 printable ASCII characters)");
        }
        if (as2To != null && !as2To.isBlank() && !validAs2Name(as2To)) {
            problems.add("as2To is not a valid AS2 name (1-128 printable ASCII characters)");
        }
        if (ourAs2Id != null && !ourAs2Id.isBlank() && !validAs2Name(ourAs2Id)) {
            problems.add("ourAs2Id is not a valid AS2 name (1-128 printable ASCII characters)");
        }
        if (url == null || url.isBlank()) {
            problems.add("url (the partner's AS2 endpoint) is missing");
        } else {
            try {
                URI u = URI.create(url);
                if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())
                        || u.getHost() == null) {
                    problems.add("url must be an http:// or https:// URL with a host");
                }
            } catch (IllegalArgumentException e) {
                problems.add("url is not a URL: " + e.getMessage());
            }
        }
        if (partnerCertificate == null || partnerCertificate.isBlank()) {
            problems.add("partnerCertificate (path to the partner's X.509 certificate) is missing");
        }
        if (mdn != null && !"sync".equalsIgnoreCase(mdn)) {
            problems.add("mdn must be sync (asynchronous MDNs are not supported)");
        }
        check(problems, "signingAlgorithm", this::signingAlgorithmOrDefault);
        check(problems, "encryptionAlgorithm", this::encryptionAlgorithmOrDefault);
        if (AS2MicAlgorithm.getJdkAlgorithmName(micAlgorithmOrDefault()) == null) {
            problems.add("micAlgorithm must be one of sha-256, sha-384, sha-512, sha1, md5");
        }
        check(problems, "charset", () -> Charset.forName(charsetOrDefault()));
        return problems;
    }

    private static void check(List<String> problems, String name, Supplier<?> parse) {
        try {
            parse.get();
        } catch (RuntimeException e) {
            problems.add(name + " is not supported: " + e.getMessage());
        }
    }

    /** RFC 4130: 1 to 128 printable ASCII characters (quoted names are not used here). */
    static boolean validAs2Name(String name) {
        return name != null && name.matches("[\\x21-\\x7E]([\\x20-\\x7E]{0,126}[\\x21-\\x7E])?");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
