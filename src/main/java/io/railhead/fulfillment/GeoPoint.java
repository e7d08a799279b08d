package io.railhead.fulfillment;

/**
 * A point on the earth in WGS84 degrees, and the great-circle distance between two of them: what sourcing's
 * proximity measures from a node to an order's ship-to.
 */
public record GeoPoint(double lat, double lon) {

    /** The mean earth radius (IUGG), good to about 0.5% for a great-circle distance on the ellipsoid. */
    static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPoint {
        if (Double.isNaN(lat) || Math.abs(lat) > 90 || Double.isNaN(lon) || Math.abs(lon) > 180) {
            throw new IllegalArgumentException("not a point: " + lat + ", " + lon);
        }
    }

    /** The point, or null when either coordinate is missing. */
    public static GeoPoint of(Double lat, Double lon) {
        return lat == null || lon == null ? null : new GeoPoint(lat, lon);
    }

    /** Great-circle distance in kilometres (haversine, which stays accurate for short distances). */
    public double kmTo(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
