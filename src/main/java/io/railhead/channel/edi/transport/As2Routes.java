package io.railhead.channel.edi.transport;

import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.as2.AS2Endpoint;
import org.apache.camel.component.as2.api.AS2ServerConnection;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the hub's one AS2 server (route {@code edi-as2-receive}, from the route template
 * {@code edi-as2-server} in {@code routes/channel/edi/edi-as2-transport.camel.yaml}) when
 * {@code railhead.edi.as2.enabled} is true, and only then: camel-as2 opens its listening socket
 * as soon as the endpoint is created, so a route that is merely not auto-started would still
 * hold the port and need the keys. Our key and certificate chain are bound in the Camel registry
 * for the template's endpoint options; they never appear in an endpoint URI.
 *
 * <p>Every AS2 partner profile is checked at start-up (settings and certificate file), so a
 * broken profile stops the start with the partner and the reason instead of failing the first
 * message.
 */
@Component
public class As2Routes implements CamelContextConfiguration {

    static final String TEMPLATE_ID = "edi-as2-server";
    static final String ROUTE_ID = "edi-as2-receive";
    static final String PRIVATE_KEY_BEAN = "railheadAs2PrivateKey";
    static final String CHAIN_BEAN = "railheadAs2CertificateChain";
    static final String CLIENT_TLS_BEAN = "railheadAs2ClientTls";

    private static final Logger log = LoggerFactory.getLogger(As2Routes.class);

    private final As2Properties properties;
    private final As2Keys keys;
    private final PartnerRegistry partners;

    public As2Routes(As2Properties properties, As2Keys keys, PartnerRegistry partners) {
        this.properties = properties;
        this.keys = keys;
        this.partners = partners;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        List<PartnerProfile> as2Partners = partners.all().stream()
                .filter(p -> "as2".equals(p.transport().getType())).toList();
        if (!properties.enabled()) {
            if (!as2Partners.isEmpty()) {
                log.warn("AS2 partners {} are configured but railhead.edi.as2.enabled=false: nothing is received "
                        + "from them and documents for them are dead-lettered", as2Partners.stream()
                        .map(PartnerProfile::id).toList());
            }
            return;
        }
        for (PartnerProfile partner : as2Partners) {
            As2PartnerSettings settings = As2PartnerSettings.of(partner);
            Certificate[] certs = keys.partnerCertificates(partner, settings);
            if (certs[0] instanceof X509Certificate x509) {
                keys.warnIfExpiring("certificate of partner " + partner.id(), x509);
            }
        }
        camelContext.getRegistry().bind(PRIVATE_KEY_BEAN, PrivateKey.class, keys.privateKey());
        camelContext.getRegistry().bind(CHAIN_BEAN, Certificate[].class, keys.chain());
        try {
            // https partner URLs: the JVM's trust store (javax.net.ssl.trustStore) decides whom we trust.
            camelContext.getRegistry().bind(CLIENT_TLS_BEAN, SSLContext.class, SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context for https AS2 partners: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (!properties.enabled()) {
            return;
        }
        try {
            camelContext.addRouteFromTemplate(ROUTE_ID, TEMPLATE_ID, Map.of(
                    "port", String.valueOf(properties.port()),
                    "path", properties.path(),
                    "fqdn", properties.fqdn(),
                    "email", properties.emailOrDefault(),
                    "signingAlgorithm", properties.signingAlgorithm()));
            gate(camelContext);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the AS2 server on port " + properties.port() + ": "
                    + e.getMessage(), e);
        }
        log.info("AS2: receiving as {} on port {} at {} for partners {}", properties.id(), properties.port(),
                properties.path(), partners.all().stream().filter(p -> "as2".equals(p.transport().getType()))
                        .map(PartnerProfile::id).toList());
    }

    /**
     * Puts {@link As2Gate} in front of the route's camel-as2 consumer on the server's request path
     * (camel-as2's handler registry keeps one handler per path: this one replaces the consumer's).
     * A restart of the route alone would register the bare consumer again: restart the hub instead.
     */
    private void gate(CamelContext camelContext) {
        Route route = camelContext.getRoute(ROUTE_ID);
        AS2ServerConnection server = ((AS2Endpoint) route.getEndpoint()).getAS2ServerConnection();
        server.listen(properties.path(), new As2Gate((HttpRequestHandler) route.getConsumer(),
                properties.maxBodySize().toBytes(), properties.emailOrDefault()));
    }
}
