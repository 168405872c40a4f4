package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

    @Test
    void everySocketItMakesSendsSmallWritesAtOnce() throws Exception {
        var factory = new NoDelaySocketFactory();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (var server = new ServerSocket(0, 8, loopback)) {
            int port = server.getLocalPort();
            Socket unconnected = factory.createSocket();
            unconnected.connect(new InetSocketAddress(loopback, port));
            List<Socket> sockets = List.of(
                    unconnected,
                    factory.createSocket(loopback.getHostAddress(), port),
                    factory.createSocket(loopback.getHostAddress(), port, loopback, 0),
                    factory.createSocket(loopback, port),
                    factory.createSocket(loopback, port, loopback, 0));
            for (Socket socket : sockets) {
                try (socket) {
                    assertThat(socket.isConnected()).isTrue();
                    assertThat(socket.getTcpNoDelay()).as("TCP_NODELAY").isTrue();
                }
            }
        }
    }
}
