package io.railhead.shared;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * How channel payloads are read before a mapping sees them: decimals as exact {@link java.math.BigDecimal}
 * with their trailing zeros kept ({@code 10.00} stays 10.00, not 10.0 or 1E+1), and integers of any size
 * exact (64-bit channel ids). {@code OrderNormalizer} reads every payload with one before its mapping
 * runs, and the mapping tests do the same; it is deliberately not a Spring bean, so it never replaces the
 * web layer's mapper.
 */
public class MappingObjectMapper extends ObjectMapper {

    private static final long serialVersionUID = 1L;

    public MappingObjectMapper() {
        enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }
}
