package dev.parley.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device directory and key packages over a real server (HTTP; SQLite here, PostgreSQL in the subclass). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class E2eDirectoryTest {
    // One server per class (PER_CLASS lifecycle), of the dialect backend() names.
    @RegisterExtension
    final TestServer server = TestServer.create(backend(), UnaryOperator.identity());
    private final AtomicInteger names = new AtomicInteger();
    private RawClient client;

    /** The dialect these specs run on; the {@code …PostgresTest} subclass runs them all on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeAll
    void open() {
        client = server.client();
    }

    @AfterAll
    void closeClient() {
        client.close();
    }

    Chatter user(String name) {
        return Chatter.register(client, name + "_" + names.incrementAndGet());
    }

    static long registerDevice(Chatter who, String key) {
        return who.ok("e2e.registerDevice", Map.of("identityKey", key)).path("deviceId").asLong();
    }

    /** An encrypted private chat between two users, so their device changes reach each other. */
    static long e2ePrivateChat(Chatter a, Chatter b) {
        return a.ok("chats.createPrivate", Map.of("userId", b.userId, "e2e", true)).path("chat").path("chatId")
                .asLong();
    }

    @Test
    void registeringADeviceReturnsItsIdAndTheCredentialBindingUserDeviceAndKey() {
        Chatter alice = user("alice");
        String key = FakeMls.identityKey();

        JsonNode registered = alice.ok("e2e.registerDevice", Map.of("identityKey", key));

        long deviceId = registered.path("deviceId").asLong();
        ByteBuffer credential = ByteBuffer.wrap(Base64.getDecoder().decode(registered.path("credential").asText()));
        assertThat(credential.remaining()).isEqualTo(49);
        assertThat(credential.get()).isEqualTo((byte) 1);
        assertThat(credential.getLong()).isEqualTo(alice.userId);
        assertThat(credential.getLong()).isEqualTo(deviceId);
        byte[] embedded = new byte[32];
        credential.get(embedded);
        assertThat(embedded).isEqualTo(Base64.getDecoder().decode(key));
        assertThat(registered.path("keyVersion").asInt()).isEqualTo(1);
    }

    @Test
    void registeringTheSameKeyAgainChangesNothing() {
        Chatter alice = user("alice");
        String key = FakeMls.identityKey();
        long first = registerDevice(alice, key);
        long changedAt = alice.ok("e2e.getDevices", Map.of("userIds", List.of(alice.userId))).path("users").get(0)
                .path("keyChangedAt").asLong();

        long again = registerDevice(alice, key);

        assertThat(again).isEqualTo(first);
        assertThat(keyRows(alice.userId)).isEqualTo(1);
        assertThat(alice.ok("e2e.getDevices", Map.of("userIds", List.of(alice.userId))).path("users").get(0)
                .path("keyChangedAt").asLong()).isEqualTo(changedAt);
    }

    @Test
    void aNewKeyIsAppendedToTheHistoryAndContactsSeeTheChange() {
        Chatter alice = user("alice"), bob = user("bobby");
        e2ePrivateChat(alice, bob);
        long device = registerDevice(alice, FakeMls.identityKey());
        long bobPts = bob.ok("updates.getState", Map.of()).path("pts").asLong();
        String newKey = FakeMls.identityKey();

        JsonNode changed = alice.ok("e2e.registerDevice", Map.of("identityKey", newKey));

        assertThat(changed.path("deviceId").asLong()).isEqualTo(device);
        assertThat(changed.path("keyVersion").asInt()).isEqualTo(2);
        assertThat(keyRows(alice.userId)).as("the old key stays on record").isEqualTo(2);
        JsonNode listed = bob.ok("e2e.getDevices", Map.of("userIds", List.of(alice.userId))).path("users").get(0);
        assertThat(listed.path("devices")).singleElement().satisfies(d -> {
            assertThat(d.path("identityKey").asText()).isEqualTo(newKey);
            assertThat(d.path("keyVersion").asInt()).isEqualTo(2);
        });
        assertThat(listed.path("keyChangedAt").asLong()).isPositive();
        JsonNode updates = bob.ok("updates.getDifference", Map.of("pts", bobPts)).path("updates");
        assertThat(updates).singleElement().satisfies(u -> {
            assertThat(u.path("type").asText()).isEqualTo("e2eDevicesChanged");
            assertThat(u.path("userId").asLong()).isEqualTo(alice.userId);
        });
    }

    @Test
    void eachSessionIsItsOwnDevice() {
        Chatter laptop = user("alice");
        Chatter phone = laptop.login();

        long first = registerDevice(laptop, FakeMls.identityKey());
        long second = registerDevice(phone, FakeMls.identityKey());

        assertThat(second).isNotEqualTo(first);
        assertThat(laptop.ok("e2e.getDevices", Map.of("userIds", List.of(laptop.userId))).path("users").get(0)
                .path("devices")).hasSize(2);
    }

    @Test
    void theDeviceOfASignedOutSessionIsNoLongerListedNorClaimed() {
        Chatter alice = user("alice"), bob = user("bobby");
        Chatter bobPhone = bob.login();
        long chat = e2ePrivateChat(alice, bob);
        long laptop = registerDevice(bob, FakeMls.identityKey());
        long phone = registerDevice(bobPhone, FakeMls.identityKey());
        bob.ok("e2e.uploadKeyPackages", Map.of("deviceId", laptop, "keyPackages", List.of(FakeMls.keyPackage())));
        bobPhone.ok("e2e.uploadKeyPackages", Map.of("deviceId", phone, "keyPackages", List.of(FakeMls.keyPackage())));

        bobPhone.ok("auth.logout", Map.of());

        assertThat(alice.ok("e2e.getDevices", Map.of("userIds", List.of(bob.userId))).path("users").get(0)
                .path("devices")).extracting(d -> d.path("deviceId").asLong()).containsExactly(laptop);
        assertThat(alice.ok("e2e.claimKeyPackages", Map.of("chatId", chat, "userIds", List.of(bob.userId)))
                .path("keyPackages")).extracting(k -> k.path("deviceId").asLong()).containsExactly(laptop);
        assertThat(keyRows(bob.userId)).as("the key history stays").isEqualTo(2);
    }

    @Test
    void aClaimedPackageIsHandedOutOnceThenTheLastResortIsReused() {
        Chatter alice = user("alice"), bob = user("bobby");
        long chat = e2ePrivateChat(alice, bob);
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        List<String> packages = List.of(FakeMls.keyPackage(), FakeMls.keyPackage());
        String lastResort = FakeMls.keyPackage();
        JsonNode count = bob.ok("e2e.uploadKeyPackages", Map.of("deviceId", bobDevice, "keyPackages", packages,
                "lastResort", lastResort));
        assertThat(count.path("count").asInt()).isEqualTo(2);

        List<JsonNode> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claims.add(alice.ok("e2e.claimKeyPackages", Map.of("chatId", chat, "userIds", List.of(bob.userId)))
                    .path("keyPackages").get(0));
        }

        assertThat(claims).extracting(c -> c.path("deviceId").asLong()).containsOnly(bobDevice);
        assertThat(claims.subList(0, 2)).extracting(c -> c.path("keyPackage").asText())
                .containsExactlyInAnyOrderElementsOf(packages);
        assertThat(claims.subList(2, 4)).allSatisfy(c -> {
            assertThat(c.path("keyPackage").asText()).isEqualTo(lastResort);
            assertThat(c.path("lastResort").asBoolean()).isTrue();
        });
        JsonNode left = bob.ok("e2e.countKeyPackages", Map.of("deviceId", bobDevice));
        assertThat(left.path("count").asInt()).isZero();
        assertThat(left.path("lastResort").asBoolean()).isTrue();
    }

    @Test
    void concurrentClaimsNeverGetTheSamePackage() throws Exception {
        Chatter alice = user("alice"), bob = user("bobby");
        long chat = e2ePrivateChat(alice, bob);
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        List<String> packages = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            packages.add(FakeMls.keyPackage());
        }
        bob.ok("e2e.uploadKeyPackages", Map.of("deviceId", bobDevice, "keyPackages", packages));

        List<String> claimed = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                futures.add(pool.submit(() -> alice.ok("e2e.claimKeyPackages",
                        Map.of("chatId", chat, "userIds", List.of(bob.userId)))));
            }
            for (Future<JsonNode> f : futures) {
                claimed.add(f.get().path("keyPackages").get(0).path("keyPackage").asText());
            }
        }

        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(packages);
        assertThat(bob.ok("e2e.countKeyPackages", Map.of("deviceId", bobDevice)).path("count").asInt()).isZero();
    }

    @Test
    void aDeviceWithoutPackagesIsLeftOutOfTheClaim() {
        Chatter alice = user("alice"), bob = user("bobby");
        long chat = e2ePrivateChat(alice, bob);
        registerDevice(bob, FakeMls.identityKey());

        assertThat(alice.ok("e2e.claimKeyPackages", Map.of("chatId", chat, "userIds", List.of(bob.userId)))
                .path("keyPackages")).isEmpty();
    }

    @Test
    void nobodyUploadsForAnotherUsersDeviceOrReadsTheirCounts() {
        Chatter alice = user("alice"), bob = user("bobby");
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        registerDevice(alice, FakeMls.identityKey());

        assertThat(alice.error("e2e.uploadKeyPackages", Map.of("deviceId", bobDevice,
                "keyPackages", List.of(FakeMls.keyPackage())))).isEqualTo("DEVICE_NOT_FOUND");
        assertThat(alice.error("e2e.countKeyPackages", Map.of("deviceId", bobDevice))).isEqualTo("DEVICE_NOT_FOUND");
        assertThat(bob.ok("e2e.countKeyPackages", Map.of("deviceId", bobDevice)).path("count").asInt()).isZero();
    }

    @Test
    void claimsNeedAChatWithTheUsers() {
        Chatter alice = user("alice"), bob = user("bobby"), mallory = user("mallory");
        long chat = e2ePrivateChat(alice, bob);
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        bob.ok("e2e.uploadKeyPackages", Map.of("deviceId", bobDevice, "keyPackages", List.of(FakeMls.keyPackage())));

        assertThat(mallory.error("e2e.claimKeyPackages", Map.of("chatId", chat, "userIds", List.of(bob.userId))))
                .isEqualTo("CHAT_NOT_FOUND");
        assertThat(alice.error("e2e.claimKeyPackages", Map.of("chatId", chat, "userIds", List.of(mallory.userId))))
                .isEqualTo("USER_NOT_MEMBER");
        assertThat(bob.ok("e2e.countKeyPackages", Map.of("deviceId", bobDevice)).path("count").asInt()).isEqualTo(1);
    }

    @Test
    void uploadsAreCheckedAndBounded() {
        Chatter bob = user("bobby");
        long device = registerDevice(bob, FakeMls.identityKey());
        String notAKeyPackage = FakeMls.welcome();
        String garbage = Base64.getEncoder().encodeToString(new byte[] {9, 9, 9});
        String oversized = Base64.getEncoder().encodeToString(FakeMls.random(5000));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(FakeMls.keyPackage());
        }

        assertThat(bob.error("e2e.uploadKeyPackages", Map.of("deviceId", device, "keyPackages",
                List.of(notAKeyPackage)))).isEqualTo("MLS_MESSAGE_INVALID");
        assertThat(bob.error("e2e.uploadKeyPackages", Map.of("deviceId", device, "keyPackages", List.of(garbage))))
                .isEqualTo("MLS_MESSAGE_INVALID");
        assertThat(bob.error("e2e.uploadKeyPackages", Map.of("deviceId", device, "keyPackages", List.of(oversized))))
                .isEqualTo("MLS_MESSAGE_TOO_LARGE");
        assertThat(bob.error("e2e.uploadKeyPackages", Map.of("deviceId", device, "keyPackages", tooMany)))
                .isEqualTo("KEY_PACKAGE_LIMIT_REACHED");
        assertThat(bob.error("e2e.registerDevice", Map.of("identityKey",
                Base64.getEncoder().encodeToString(new byte[31])))).isEqualTo("IDENTITY_KEY_INVALID");
        assertThat(bob.ok("e2e.countKeyPackages", Map.of("deviceId", device)).path("count").asInt()).isZero();
    }

    @Test
    void aDeviceHoldsABoundedNumberOfPackages() {
        Chatter bob = user("bobby");
        long device = registerDevice(bob, FakeMls.identityKey());
        for (int round = 0; round < 2; round++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(FakeMls.keyPackage());
            }
            bob.ok("e2e.uploadKeyPackages", Map.of("deviceId", device, "keyPackages", batch));
        }

        assertThat(bob.error("e2e.uploadKeyPackages", Map.of("deviceId", device,
                "keyPackages", List.of(FakeMls.keyPackage())))).isEqualTo("KEY_PACKAGE_LIMIT_REACHED");
        assertThat(bob.ok("e2e.countKeyPackages", Map.of("deviceId", device)).path("count").asInt())
                .isEqualTo(DeviceService.MAX_PACKAGES_PER_DEVICE);
    }

    private long keyRows(long userId) {
        return server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM e2e_device_keys WHERE user_id = :u")
                .bind("u", userId).mapTo(Long.class).one());
    }
}
