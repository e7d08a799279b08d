package io.railhead;

import io.railhead.shared.JaxpDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the hub. Everything that runs (broker, database, Camel routes from {@code routes/},
 * webhooks, ops API, Hawtio) is assembled by Spring Boot from this one application.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RailheadApplication {

    static {
        JaxpDefaults.pin();
    }

    public static void main(String[] args) {
        SpringApplication.run(RailheadApplication.class, args);
    }
}
