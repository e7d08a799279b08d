package io.railhead.channel.edi.partner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.railhead.channel.edi.EdiProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The partner profiles of {@code railhead.edi.partners-dir}, read at start-up (and again on
 * {@link #reload()}): finds the partner behind an interchange by its ISA sender id. A profile that
 * does not hold together stops the start (or the reload) with the file and the reason, so a typo
 * never turns into silently rejected or mis-routed documents. {@code ${...}} placeholders in a
 * profile are resolved from the environment (secrets such as key passwords stay out of the file).
 */
@Component("ediPartners")
public class PartnerRegistry {

    private static final Logger log = LoggerFactory.getLogger(PartnerRegistry.class);
    static final Set<String> DOCUMENTS = Set.of("850", "997", "855", "856", "810", "846");
    static final Set<String> TRANSPORTS = Set.of("file", "sftp", "as2");

    private final Path dir;
    private final Environment environment;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private volatile Map<String, PartnerProfile> byId = Map.of();

    public PartnerRegistry(EdiProperties properties, Environment environment) {
        this.dir = properties.partnersDir();
        this.environment = environment;
        reload();
    }

    /** Reads every {@code *.yml}/{@code *.yaml} of the directory; all or nothing. */
    public synchronized Collection<PartnerProfile> reload() {
        Map<String, PartnerProfile> loaded = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted().toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list partner profiles in " + dir + ": " + e.getMessage(), e);
            }
            for (Path file : files) {
                PartnerProfile p = read(file);
                PartnerProfile clash = loaded.values().stream()
                        .filter(o -> o.id().equals(p.id()) || sameSender(o, p)).findFirst().orElse(null);
                if (clash != null) {
                    throw new IllegalStateException("partner profile " + file + ": id or ISA sender "
                            + p.interchange().qualifier() + "/" + p.interchange().id() + " is already used by "
                            + clash.id());
                }
                loaded.put(p.id(), p);
            }
        } else {
            log.info("No partner profile directory at {}: no EDI partners", dir.toAbsolutePath());
        }
        byId = java.util.Collections.unmodifiableMap(loaded);
        log.info("EDI partners: {}", byId.keySet());
        return byId.values();
    }

    PartnerProfile read(Path file) {
        try {
            String text = environment.resolveRequiredPlaceholders(Files.readString(file, StandardCharsets.UTF_8));
            PartnerProfile p = yaml.readValue(text, PartnerProfile.class);
            List<String> problems = problems(p);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("partner profile " + file + ": " + String.join("; ", problems));
            }
            return p;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("partner profile " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static List<String> problems(PartnerProfile p) {
        List<String> problems = new ArrayList<>();
        if (p.id() == null || !p.id().matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.add("id must be lower-case letters, digits and dashes");
        }
        PartnerProfile.Interchange i = p.interchange();
        if (i == null) {
            problems.add("interchange is missing");
        } else {
            requireIsa(problems, "interchange.qualifier", i.qualifier(), 2);
            requireIsa(problems, "interchange.id", i.id(), 15);
            requireIsa(problems, "interchange.receiverQualifier", i.receiverQualifier(), 2);
            requireIsa(problems, "interchange.receiverId", i.receiverId(), 15);
            if (i.usageIndicator() != null && !i.usageIndicator().matches("[PT]")) {
                problems.add("interchange.usageIndicator must be P or T");
            }
            for (String sep : new String[]{i.elementSeparator(), i.componentSeparator(), i.repetitionSeparator()}) {
                if (sep != null && sep.length() != 1) {
                    problems.add("separators must be one character");
                }
            }
        }
        if (p.documents() == null || p.documents().isEmpty()) {
            problems.add("documents is missing");
        } else {
            p.documents().stream().filter(d -> !DOCUMENTS.contains(d))
                    .forEach(d -> problems.add("document " + d + " is not supported (" + DOCUMENTS + ")"));
        }
        if (p.inventoryAdvice() != null) {
            java.time.Duration interval = p.inventoryAdviceInterval();
            if (interval == null || interval.isNegative() || interval.isZero()) {
                problems.add("inventoryAdvice.interval must be a positive duration such as 15m or 1h");
            }
            if (!p.exchanges("846")) {
                problems.add("inventoryAdvice is set but documents does not list 846");
            }
            String type = p.inventoryAdvice().reportTypeOrDefault();
            if (!type.matches("[A-Z0-9]{2}")) {
                problems.add("inventoryAdvice.reportType must be a two-character BIA02 code such as SI");
            }
        }
        if (p.transport() == null || p.transport().getType() == null || !TRANSPORTS.contains(p.transport().getType())) {
            problems.add("transport.type must be one of " + TRANSPORTS);
        } else if ("file".equals(p.transport().getType())
                && (p.transport().setting("inbox") == null || p.transport().setting("outbox") == null)) {
            problems.add("a file transport needs inbox and outbox");
        }
        return problems;
    }

    private static void requireIsa(List<String> problems, String name, String value, int max) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is missing");
        } else if (value.length() > max) {
            problems.add(name + " is longer than " + max + " characters");
        }
    }

    private static boolean sameSender(PartnerProfile a, PartnerProfile b) {
        return a.interchange().qualifier().equals(b.interchange().qualifier())
                && a.interchange().id().equals(b.interchange().id());
    }

    public Collection<PartnerProfile> all() {
        return byId.values();
    }

    public Optional<PartnerProfile> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public PartnerProfile require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no EDI partner " + id));
    }

    /** The partner that sends with this ISA05/ISA06 (padding ignored). */
    public Optional<PartnerProfile> bySender(String qualifier, String id) {
        String q = qualifier == null ? "" : qualifier.trim();
        String i = id == null ? "" : id.trim();
        return byId.values().stream()
                .filter(p -> p.interchange().qualifier().equals(q) && p.interchange().id().equals(i))
                .findFirst();
    }

    /** The partner that a transport knows by another name (e.g. its AS2-From), if any. */
    public Optional<PartnerProfile> byTransportSetting(String type, String key, String value) {
        return byId.values().stream()
                .filter(p -> type.equals(p.transport().getType()) && value != null
                        && value.equals(p.transport().setting(key)))
                .findFirst();
    }
}
