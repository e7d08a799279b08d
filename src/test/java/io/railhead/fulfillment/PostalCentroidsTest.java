package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The postal-centroid table: found exactly or by the longest prefix, optional, refused with its line; great-circle km. */
class PostalCentroidsTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("centroids.csv"), text);
    }

    @Test
    void theSampleTableFindsExactCodesThenTheLongestPrefix() {
        PostalCentroids table = PostalCentroids.read(Path.of("config/fulfillment/postal-centroids.csv"));
        assertThat(table.size()).isGreaterThan(10);
        assertThat(table.find("US", "40202-1234")).contains(new GeoPoint(38.253, -85.752));
        assertThat(table.find("US", "40299")).as("ZIP3 402").contains(new GeoPoint(38.25, -85.76));
        assertThat(table.find("ca", "k1p 5n2")).as("FSA K1P, any case and spacing").contains(new GeoPoint(45.42, -75.70));
        assertThat(table.find("US", "99501")).isEmpty();
        assertThat(table.find("DE", "10115")).isEmpty();
        assertThat(table.find("US", null)).isEmpty();
    }

    @Test
    void noFileIsAnEmptyTable() {
        assertThat(PostalCentroids.read(dir.resolve("missing.csv"))).isSameAs(PostalCentroids.NONE);
        assertThat(PostalCentroids.NONE.find("US", "40202")).isEmpty();
    }

    @Test
    void mistakesAreRefusedWithTheirLine() throws Exception {
        refused("countryCode,zip,lat,lon\n", 1, "header countryCode,postalCode,lat,lon");
        refused("# comment\ncountryCode,postalCode,lat,lon\nUS,402,38.25\n", 3, "expected 4 values");
        refused("countryCode,postalCode,lat,lon\nusa,402,38.25,-85.76\n", 2, "ISO 3166 alpha-2");
        refused("countryCode,postalCode,lat,lon\nUS,402,north,-85.76\n", 2, "lat must be a number");
        refused("countryCode,postalCode,lat,lon\nUS,402,38.25,-185\n", 2, "lon must be between -180 and 180");
        refused("countryCode,postalCode,lat,lon\nUS, ,38.25,-85.76\n", 2, "postalCode is empty");
        refused("countryCode,postalCode,lat,lon\nCA,K1P,45.42,-75.70\n\nCA,k1p,45.0,-75.0\n", 4, "CA k1p is listed twice");
    }

    private void refused(String text, int line, String reason) throws Exception {
        Path f = file(text);
        assertThatThrownBy(() -> PostalCentroids.read(f)).isInstanceOfSatisfying(FulfillmentConfigException.class, e -> {
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void greatCircleDistanceIsHaversine() {
        GeoPoint jfk = new GeoPoint(40.6413, -73.7781);
        GeoPoint lax = new GeoPoint(33.9416, -118.4085);
        assertThat(jfk.kmTo(lax)).as("on the sphere; 3983 km on the ellipsoid").isCloseTo(3974, within(2.0));
        assertThat(lax.kmTo(jfk)).isEqualTo(jfk.kmTo(lax));
        assertThat(jfk.kmTo(jfk)).isZero();
        assertThat(new GeoPoint(0, 0).kmTo(new GeoPoint(0, 180))).as("half the equator").isCloseTo(Math.PI * 6371.0088, within(0.01));
        assertThat(GeoPoint.of(40.0, null)).isNull();
    }
}
