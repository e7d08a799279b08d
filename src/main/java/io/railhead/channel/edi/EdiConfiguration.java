package io.railhead.channel.edi;

import io.railhead.x12.X12Schemas;
import io.railhead.shared.HubProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Points the X12 schema lookup at the hub's mappings folder ({@code railhead.mappings-dir}), which
 * the Smooks reader (created by Smooks, not Spring) and the document checks read the schemas from.
 */
@Configuration(proxyBeanMethods = false)
public class EdiConfiguration {

    public EdiConfiguration(HubProperties hub) {
        X12Schemas.mappingsDir(hub.mappingsDir());
    }
}
