package dev.chartbox.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The HTTP API. Its defaults live in {@code chartbox/api/defaults.properties} (a low-precedence
 * property source with a name of its own, so it never shadows another app's
 * {@code application.properties} in a shared JVM); any Spring property source overrides them.
 * Start it in-process with {@code ApiApplication.builder().properties(...).run()}.
 */
// No generated default user: credentials are API keys and JWTs only (SecuritySetup).
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
@PropertySource("classpath:chartbox/api/defaults.properties")
public class ApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }

    /** A builder for starting the API in its own context, e.g. beside a worker in one JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ApiApplication.class);
    }
}
