package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {
    private final ConnectionRegistry registry = new ConnectionRegistry();

    /** Records what the registry does to it. */
    private static final class Socket implements ClientConnection {
        final AuthSession session;
        final List<String> frames = new ArrayList<>();
        int closedWith;

        Socket(long userId, long sessionId) {
            session = new AuthSession(userId, sessionId);
        }

        @Override
        public AuthSession session() {
            return session;
        }

        @Override
        public void send(String frame) {
            frames.add(frame);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }
    }

    @Test
    void aPushReachesEveryConnectionOfTheUserAndNoOtherUser() {
        Socket phone = new Socket(1, 10);
        Socket laptop = new Socket(1, 11);
        Socket stranger = new Socket(2, 20);
        registry.add(phone);
        registry.add(laptop);
        registry.add(stranger);

        registry.sendToUser(1, "hi");

        assertThat(phone.frames).containsExactly("hi");
        assertThat(laptop.frames).containsExactly("hi");
        assertThat(stranger.frames).isEmpty();
        assertThat(registry.size()).isEqualTo(3);
        assertThat(registry.ofUser(1)).containsExactlyInAnyOrder(phone, laptop);
    }

    @Test
    void addingTwiceKeepsOneEntryAndRemovingTheLastConnectionForgetsTheUser() {
        Socket first = new Socket(1, 10);
        Socket second = new Socket(1, 11);
        registry.add(first);
        registry.add(first);
        registry.add(second);

        registry.remove(first);
        assertThat(registry.ofUser(1)).containsExactly(second);
        assertThat(registry.hasUser(1)).isTrue();

        registry.remove(second);
        registry.remove(second);
        assertThat(registry.hasUser(1)).isFalse();
        assertThat(registry.ofUser(1)).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void closingSessionsClosesOnlyTheirConnections() {
        Socket revoked = new Socket(1, 10);
        Socket kept = new Socket(1, 11);
        registry.add(revoked);
        registry.add(kept);

        registry.closeSessions(1, Set.of(10L), "revoked");

        assertThat(revoked.closedWith).isEqualTo(ConnectionRegistry.CLOSE_SESSION_REVOKED);
        assertThat(kept.closedWith).isZero();
    }
}
