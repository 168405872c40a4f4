package dev.chartbox.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The port the actuator's own web server listens on ({@code management.server.port}), once it runs.
 * Requests that arrive there are operations traffic (probes, Prometheus) and need no API key; the
 * same paths on the public port are not served at all, or need a key if the ports are the same.
 */
@Component
class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    int port() {
        return port;
    }

    boolean receivedOn(HttpServletRequest request) {
        return port > 0 && request.getLocalPort() == port;
    }
}
