package io.railhead.fulfillment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The optional postal-centroid table ({@code config/fulfillment/postal-centroids.csv}): a point for a postal code
 * or a postal-code prefix (a US ZIP3, a Canadian FSA), so proximity can measure distances for orders whose
 * channel sends no coordinates, and for nodes whose address has none. A code is found exactly, else by the
 * longest prefix the table holds ({@code 40202-1234} by {@code 40202}, else {@code 402}); codes compare without
 * spaces and dashes, ignoring case ({@code K1P 5N2} is {@code K1P5N2}). The file is CSV with the header
 * {@code countryCode,postalCode,lat,lon}; blank lines and lines starting with {@code #} are skipped; any other
 * mistake refuses the file with its line.
 */
public final class PostalCentroids {

    public static final PostalCentroids NONE = new PostalCentroids(Map.of());
    static final String HEADER = "countryCode,postalCode,lat,lon";

    /** Country code → normalised postal code or prefix → point. */
    private final Map<String, Map<String, GeoPoint>> points;

    private PostalCentroids(Map<String, Map<String, GeoPoint>> points) {
        this.points = points;
    }

    /** The table in {@code file}, or {@link #NONE} when there is no such file (the table is optional). */
    public static PostalCentroids read(Path file) {
        if (!Files.exists(file)) {
            return NONE;
        }
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Map<String, GeoPoint>> points = new HashMap<>();
        boolean header = false;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).replace("\uFEFF", "").strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.replace(" ", "").equals(HEADER)) {
                    throw new FulfillmentConfigException(file, i + 1, "the first line must be the header " + HEADER);
                }
                header = true;
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 4) {
                throw new FulfillmentConfigException(file, i + 1, "expected 4 values (" + HEADER + "), found " + cells.length);
            }
            String country = cells[0].strip();
            if (!country.matches("[A-Z]{2}")) {
                throw new FulfillmentConfigException(file, i + 1, "countryCode must be an ISO 3166 alpha-2 code such as US");
            }
            String code = postalKey(cells[1]);
            if (code.isEmpty()) {
                throw new FulfillmentConfigException(file, i + 1, "postalCode is empty");
            }
            GeoPoint point = new GeoPoint(degrees(cells[2], "lat", 90, file, i + 1), degrees(cells[3], "lon", 180, file, i + 1));
            if (points.computeIfAbsent(country, c -> new HashMap<>()).putIfAbsent(code, point) != null) {
                throw new FulfillmentConfigException(file, i + 1, country + " " + cells[1].strip() + " is listed twice");
            }
        }
        points.replaceAll((c, codes) -> Map.copyOf(codes));
        return new PostalCentroids(Map.copyOf(points));
    }

    /** The point of {@code postalCode} in {@code countryCode}, exactly or by its longest listed prefix. */
    public Optional<GeoPoint> find(String countryCode, String postalCode) {
        if (countryCode == null || postalCode == null) {
            return Optional.empty();
        }
        Map<String, GeoPoint> codes = points.getOrDefault(countryCode.toUpperCase(Locale.ROOT), Map.of());
        for (String key = postalKey(postalCode); !key.isEmpty(); key = key.substring(0, key.length() - 1)) {
            GeoPoint p = codes.get(key);
            if (p != null) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return points.values().stream().mapToInt(Map::size).sum();
    }

    /** A postal code as tables and rules compare it: no spaces or dashes, upper case. */
    static String postalKey(String postalCode) {
        return postalCode == null ? "" : postalCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static double degrees(String cell, String what, int max, Path file, int line) {
        try {
            double d = Double.parseDouble(cell.strip());
            if (Double.isNaN(d) || Math.abs(d) > max) {
                throw new FulfillmentConfigException(file, line, what + " must be between -" + max + " and " + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new FulfillmentConfigException(file, line, what + " must be a number of degrees such as 40.58");
        }
    }
}
