package dev.parley.server.bot;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which webhook URLs the server will call. Loopback, private, link-local and wildcard addresses are refused unless
 * the operator enables {@code bots.allowLoopbackWebhooks}, so a bot owner cannot make the server probe its own
 * network (server-side request forgery). Plain http is allowed, unlike Telegram: a self-hosted server often talks to
 * bots on the same private network, which the operator must then enable explicitly anyway.
 */
final class WebhookUrls {
    private final boolean allowLoopback;

    WebhookUrls(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Checks a URL given to setWebhook; failures use Telegram's "bad webhook" wording. */
    URI validate(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw badWebhook("invalid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw badWebhook("an HTTP(S) URL must be provided for webhook");
        }
        if (!allowed(uri.getHost())) {
            throw badWebhook("webhooks to loopback or private addresses are not allowed on this server");
        }
        return uri;
    }

    boolean allowed(String host) {
        if (allowLoopback) {
            return true;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw badWebhook("failed to resolve host: Name or service not known");
        }
    }

    private static TelegramException badWebhook(String detail) {
        return TelegramException.badRequest("bad webhook: " + detail);
    }
}
