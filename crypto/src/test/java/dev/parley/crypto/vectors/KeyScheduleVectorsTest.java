package dev.parley.crypto.vectors;

import static dev.parley.crypto.vectors.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import org.bouncycastle.mls.GroupKeySet;
import org.bouncycastle.mls.KeyGeneration;
import org.bouncycastle.mls.KeyScheduleEpoch;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeSize;
import org.bouncycastle.mls.codec.AuthenticatedContent;
import org.bouncycastle.mls.codec.ContentType;
import org.bouncycastle.mls.codec.FramedContent;
import org.bouncycastle.mls.codec.GroupContext;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.PrivateMessage;
import org.bouncycastle.mls.codec.PublicMessage;
import org.bouncycastle.mls.codec.Sender;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.junit.jupiter.api.Test;

/** key-schedule.json, secret-tree.json and message-protection.json for suite 1, through bcmls's classes. */
class KeyScheduleVectorsTest {
    private static MlsCipherSuite suite() throws Exception {
        return MlsCipherSuite.getSuite((short) TestVectors.SUITE);
    }

    @Test
    void theKeyScheduleDerivesEverySecretOfEveryEpoch() throws Exception {
        MlsCipherSuite suite = suite();
        for (JsonNode v : TestVectors.forSuite1("key-schedule.json")) {
            byte[] groupId = hex(v.get("group_id"));
            byte[] initSecret = hex(v.get("initial_init_secret"));
            long epoch = 0;
            for (JsonNode e : v.get("epochs")) {
                byte[] context = MLSOutputStream.encode(new GroupContext(suite, groupId, epoch, hex(e.get("tree_hash")),
                        hex(e.get("confirmed_transcript_hash")), new ArrayList<>()));
                assertThat(context).as("group_context").isEqualTo(hex(e.get("group_context")));

                var join = KeyScheduleEpoch.JoinSecrets.forMember(suite, new Secret(initSecret),
                        new Secret(hex(e.get("commit_secret"))), new Secret(hex(e.get("psk_secret"))), context);
                assertThat(join.joinerSecret.value()).as("joiner_secret").isEqualTo(hex(e.get("joiner_secret")));
                assertThat(join.welcomeSecret.value()).as("welcome_secret").isEqualTo(hex(e.get("welcome_secret")));
                KeyScheduleEpoch ks = join.complete(TreeSize.forLeaves(1), context);

                assertThat(ks.initSecret.value()).as("init_secret").isEqualTo(hex(e.get("init_secret")));
                assertThat(ks.senderDataSecret.value()).isEqualTo(hex(e.get("sender_data_secret")));
                assertThat(ks.encryptionSecret.value()).isEqualTo(hex(e.get("encryption_secret")));
                assertThat(ks.exporterSecret.value()).isEqualTo(hex(e.get("exporter_secret")));
                assertThat(ks.epochAuthenticator.value()).isEqualTo(hex(e.get("epoch_authenticator")));
                assertThat(ks.externalSecret.value()).isEqualTo(hex(e.get("external_secret")));
                assertThat(ks.confirmationKey.value()).isEqualTo(hex(e.get("confirmation_key")));
                assertThat(ks.membershipKey.value()).isEqualTo(hex(e.get("membership_key")));
                assertThat(ks.resumptionPSK.value()).isEqualTo(hex(e.get("resumption_psk")));
                assertThat(suite.getHPKE().serializePublicKey(ks.getExternalPublicKey()))
                        .isEqualTo(hex(e.get("external_pub")));
                JsonNode exporter = e.get("exporter");
                // The reference implementations that generated the vectors use the label's hex text itself as the
                // (ASCII) exporter label, not the bytes it encodes; checked against an independent HKDF computation.
                assertThat(ks.MLSExporter(exporter.get("label").asText(), hex(exporter.get("context")),
                        exporter.get("length").asInt())).as("exporter").isEqualTo(hex(exporter.get("secret")));

                initSecret = ks.initSecret.value();
                epoch++;
            }
        }
    }

    @Test
    void theSecretTreeGivesEveryLeafItsKeysAndNonces() throws Exception {
        MlsCipherSuite suite = suite();
        int checked = 0;
        for (JsonNode v : TestVectors.forSuite1("secret-tree.json")) {
            JsonNode senderData = v.get("sender_data");
            KeyGeneration sd = KeyScheduleEpoch.senderDataKeys(suite, hex(senderData.get("sender_data_secret")),
                    hex(senderData.get("ciphertext")));
            assertThat(sd.key).isEqualTo(hex(senderData.get("key")));
            assertThat(sd.nonce).isEqualTo(hex(senderData.get("nonce")));

            JsonNode leaves = v.get("leaves");
            var keys = new GroupKeySet(suite, TreeSize.forLeaves(leaves.size()),
                    new Secret(hex(v.get("encryption_secret"))));
            for (int leaf = 0; leaf < leaves.size(); leaf++) {
                for (JsonNode g : leaves.get(leaf)) {
                    int generation = g.get("generation").asInt();
                    KeyGeneration hs = keys.get(ContentType.COMMIT, new LeafIndex(leaf), generation, new byte[4]);
                    KeyGeneration app = keys.get(ContentType.APPLICATION, new LeafIndex(leaf), generation,
                            new byte[4]);
                    assertThat(hs.key).as("handshake key").isEqualTo(hex(g.get("handshake_key")));
                    assertThat(hs.nonce).as("handshake nonce").isEqualTo(hex(g.get("handshake_nonce")));
                    assertThat(app.key).as("application key").isEqualTo(hex(g.get("application_key")));
                    assertThat(app.nonce).as("application nonce").isEqualTo(hex(g.get("application_nonce")));
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void protectedMessagesUnprotectAndOurOwnProtectionRoundTrips() throws Exception {
        MlsCipherSuite suite = suite();
        for (JsonNode v : TestVectors.forSuite1("message-protection.json")) {
            byte[] groupId = hex(v.get("group_id"));
            long epoch = v.get("epoch").asLong();
            GroupContext context = new GroupContext(suite, groupId, epoch, hex(v.get("tree_hash")),
                    hex(v.get("confirmed_transcript_hash")), new ArrayList<>());
            byte[] contextBytes = MLSOutputStream.encode(context);
            byte[] signaturePub = hex(v.get("signature_pub"));
            byte[] membershipKey = hex(v.get("membership_key"));
            byte[] senderDataSecret = hex(v.get("sender_data_secret"));
            byte[] encryptionSecret = hex(v.get("encryption_secret"));

            for (String kind : new String[] {"proposal", "commit", "application"}) {
                byte[] content = hex(v.get(kind));
                if (!kind.equals("application")) {
                    MLSMessage pub = decode(hex(v.get(kind + "_pub")));
                    AuthenticatedContent auth = pub.publicMessage.unprotect(suite, new Secret(membershipKey), context);
                    assertThat(auth).as(kind + "_pub membership tag").isNotNull();
                    assertThat(auth.verify(suite, signaturePub, contextBytes)).as(kind + "_pub signature").isTrue();
                    assertThat(auth.getContent().getContentBytes()).isEqualTo(content);
                }
                MLSMessage priv = decode(hex(v.get(kind + "_priv")));
                AuthenticatedContent auth = priv.privateMessage.unprotect(suite, keys(suite, encryptionSecret),
                        senderDataSecret);
                assertThat(auth).as(kind + "_priv").isNotNull();
                assertThat(auth.verify(suite, signaturePub, contextBytes)).as(kind + "_priv signature").isTrue();
                assertThat(auth.getContent().getContentBytes()).isEqualTo(content);

                // Our direction: protect with bcmls, unprotect with fresh keys, as a receiver would.
                ContentType type = switch (kind) {
                    case "proposal" -> ContentType.PROPOSAL;
                    case "commit" -> ContentType.COMMIT;
                    default -> ContentType.APPLICATION;
                };
                FramedContent framed = FramedContent.rawContent(groupId, epoch, Sender.forMember(new LeafIndex(1)),
                        new byte[0], type, content);
                AuthenticatedContent signed = AuthenticatedContent.sign(WireFormat.mls_private_message, framed, suite,
                        hex(v.get("signature_priv")), contextBytes);
                if (type == ContentType.COMMIT) {
                    signed.setConfirmationTag(new byte[suite.getKDF().getHashLength()]);
                }
                PrivateMessage sealed = PrivateMessage.protect(signed, suite, keys(suite, encryptionSecret),
                        senderDataSecret, 0);
                AuthenticatedContent opened = sealed.unprotect(suite, keys(suite, encryptionSecret), senderDataSecret);
                assertThat(opened.verify(suite, signaturePub, contextBytes)).isTrue();
                assertThat(opened.getContent().getContentBytes()).isEqualTo(content);
                if (type != ContentType.APPLICATION) {
                    AuthenticatedContent publicSigned = AuthenticatedContent.sign(WireFormat.mls_public_message,
                            framed, suite, hex(v.get("signature_priv")), contextBytes);
                    if (type == ContentType.COMMIT) {
                        publicSigned.setConfirmationTag(new byte[suite.getKDF().getHashLength()]);
                    }
                    PublicMessage pm = PublicMessage.protect(publicSigned, suite, membershipKey, contextBytes);
                    AuthenticatedContent back = pm.unprotect(suite, new Secret(membershipKey), context);
                    assertThat(back).isNotNull();
                    assertThat(back.getContent().getContentBytes()).isEqualTo(content);
                }
            }
        }
    }

    private static GroupKeySet keys(MlsCipherSuite suite, byte[] encryptionSecret) throws Exception {
        // The vectors' sender is leaf 1 of a two-member group.
        return new GroupKeySet(suite, TreeSize.forLeaves(2), new Secret(encryptionSecret.clone()));
    }

    private static MLSMessage decode(byte[] bytes) throws Exception {
        return (MLSMessage) MLSInputStream.decode(bytes, MLSMessage.class);
    }
}
