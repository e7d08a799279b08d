package io.railhead.channel.edi.transport;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The hub's own AS2 station ({@code railhead.edi.as2.*}): whether it runs, our AS2 name, where
 * the one AS2 server for all partners listens, and the key pair that decrypts what partners send
 * and signs our messages and receipts (MDNs). What differs per partner (their URL, AS2 name and
 * certificate) is in the partner profiles, see {@link As2PartnerSettings}. Read by
 * {@link As2Routes} (the {@code edi-as2-receive} server route) and the {@code edi-send-as2} route's
 * beans.
 *
 * <p>{@code max-body-size} bounds the AS2 request body (its Content-Length; signed, encrypted and
 * base64-encoded, so larger than the EDI file it carries, which {@code railhead.edi.max-file-size}
 * bounds). A larger message is refused before it is decrypted or stored (see {@link As2Gate}).
 *
 * <p>{@code keystore-password} is a secret: it has no default and comes from the environment
 * ({@code RAILHEAD_EDI_AS2_KEYSTORE_PASSWORD}); with AS2 enabled and no password the hub does
 * not start.
 */
@ConfigurationProperties("railhead.edi.as2")
public record As2Properties(
        boolean enabled,
        String id,
        int port,
        String path,
        String fqdn,
        String email,
        Path keystore,
        String keystorePassword,
        String keyAlias,
        String signingAlgorithm,
        Duration connectTimeout,
        Duration readTimeout,
        DataSize maxBodySize) {

    /** The RFC 2822 address AS2 puts in the {@code From} header of our messages and MDNs. */
    public String emailOrDefault() {
        return email == null || email.isBlank() ? "edi@" + fqdn : email;
    }
}
