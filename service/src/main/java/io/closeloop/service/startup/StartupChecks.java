package io.closeloop.service.startup;

import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.config.SecretString;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is checked before the service touches anything (the database, the first admin): that its ports are
 * free, and that it does not offer development secrets to the network.
 */
public final class StartupChecks {

    /**
     * The secrets {@code config/local.yml} ships with. Anyone can read them, so they are fit for a service that
     * only this machine reaches.
     */
    public static final Set<String> DEVELOPMENT_SECRETS = Set.of("dev-closeloop-api-key", "closeloop-dev-admin",
            "dev-twilio-auth-token", "dev-wechat-token", "dev-wechat-secret",
            "dev-chat-secret-change-me-0123456789abcdef",
            // Tencent's published sample EncodingAESKey.
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");

    /** A connector of the server: where it listens, and the variable that moves it. */
    record Listener(String host, int port, String portVariable) {
    }

    private StartupChecks() {
    }

    public static void run(CloseloopConfiguration config) {
        List<Listener> listeners = listeners(config.getServerFactory());
        refuseDevelopmentSecretsInPublic(config, listeners);
        requireFreePorts(listeners);
    }

    static List<Listener> listeners(ServerFactory server) {
        List<Listener> listeners = new ArrayList<>();
        if (server instanceof DefaultServerFactory factory) {
            factory.getApplicationConnectors().forEach(c -> listener(c, "CLOSELOOP_PORT").ifPresent(listeners::add));
            factory.getAdminConnectors().forEach(c -> listener(c, "CLOSELOOP_ADMIN_PORT").ifPresent(listeners::add));
        } else if (server instanceof SimpleServerFactory simple) {
            listener(simple.getConnector(), "CLOSELOOP_PORT").ifPresent(listeners::add);
        }
        return listeners;
    }

    private static Optional<Listener> listener(ConnectorFactory connector, String variable) {
        return connector instanceof HttpConnectorFactory http
                ? Optional.of(new Listener(http.getBindHost(), http.getPort(), variable)) : Optional.empty();
    }

    /** The development secrets in use, by the variable that replaces each. */
    static List<String> developmentSecretsInUse(CloseloopConfiguration config) {
        Map<String, Optional<SecretString>> secrets = new LinkedHashMap<>();
        config.getApi().keys().forEach(key -> secrets.put("CLOSELOOP_API_KEY", Optional.of(key)));
        if (config.getAgents().initialAdminUser() != null) {
            secrets.put("CLOSELOOP_ADMIN_PASSWORD", Optional.ofNullable(config.getAgents().initialAdminPassword()));
        }
        if (config.getSms().enabled()) {
            secrets.put("TWILIO_AUTH_TOKEN", Optional.ofNullable(config.getSms().authToken()));
        }
        if (config.getWechat().enabled()) {
            config.getWechat().accounts().forEach(account -> {
                secrets.put("WECHAT_TOKEN", Optional.ofNullable(account.token()));
                secrets.put("WECHAT_APP_SECRET", Optional.ofNullable(account.appSecret()));
                secrets.put("WECHAT_AES_KEY", Optional.ofNullable(account.encodingAesKey()));
            });
        }
        if (config.getChat().enabled()) {
            secrets.put("CLOSELOOP_CHAT_SECRET", Optional.ofNullable(config.getChat().secret()));
        }
        return secrets.entrySet().stream()
                .filter(e -> e.getValue().map(s -> DEVELOPMENT_SECRETS.contains(s.reveal())).orElse(false))
                .map(Map.Entry::getKey).toList();
    }

    static void refuseDevelopmentSecretsInPublic(CloseloopConfiguration config, List<Listener> listeners) {
        Optional<Listener> open = listeners.stream().filter(l -> !isLoopback(l.host())).findFirst();
        if (open.isEmpty()) {
            return;
        }
        List<String> development = developmentSecretsInUse(config);
        if (!development.isEmpty()) {
            String where = open.get().host() == null || open.get().host().isBlank() ? "every interface" : open.get().host();
            throw new CommandFailure("refusing to listen on " + where + " with the development secrets of "
                    + "config/local.yml: set " + String.join(", ", development)
                    + " to values of your own, or listen on this machine only (CLOSELOOP_BIND_HOST=127.0.0.1)");
        }
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static void requireFreePorts(List<Listener> listeners) {
        for (Listener listener : listeners) {
            if (listener.port() <= 0) {
                continue;
            }
            InetSocketAddress address = listener.host() == null || listener.host().isBlank()
                    ? new InetSocketAddress(listener.port()) : new InetSocketAddress(listener.host(), listener.port());
            if (address.isUnresolved()) {
                throw new CommandFailure("cannot listen on " + listener.host() + ": this machine has no such address; "
                        + "check CLOSELOOP_BIND_HOST");
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(address);
            } catch (IOException e) {
                throw new CommandFailure("port " + listener.port() + " is already in use (is Closeloop already running?); "
                        + "stop the other process or choose another port with " + listener.portVariable());
            }
        }
    }
}
