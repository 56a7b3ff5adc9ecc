package dev.parley.crypto.vectors;

import static dev.parley.crypto.vectors.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.mls.KeyScheduleEpoch;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.Commit;
import org.bouncycastle.mls.codec.GroupInfo;
import org.bouncycastle.mls.codec.GroupSecrets;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.Welcome;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.junit.jupiter.api.Test;

/** welcome.json and messages.json: Welcome processing and the wire encoding of every message type. */
class WireVectorsTest {

    @Test
    void aWelcomeDecryptsToASignedGroupInfoWhoseConfirmationTagMatches() throws Exception {
        for (JsonNode v : TestVectors.forSuite1("welcome.json")) {
            MlsCipherSuite suite = MlsCipherSuite.getSuite((short) TestVectors.SUITE);
            KeyPackage kp = ((MLSMessage) MLSInputStream.decode(hex(v.get("key_package")), MLSMessage.class))
                    .keyPackage;
            Welcome welcome = ((MLSMessage) MLSInputStream.decode(hex(v.get("welcome")), MLSMessage.class)).welcome;

            int index = welcome.find(kp);
            assertThat(index).isNotNegative();
            GroupSecrets secrets = welcome.decryptSecrets(index, hex(v.get("init_priv")));
            GroupInfo info = welcome.decrypt(secrets.joiner_secret, List.of());

            assertThat(info.verify(suite, hex(v.get("signer_pub")))).as("GroupInfo signature").isTrue();
            KeyScheduleEpoch schedule = KeyScheduleEpoch.joiner(suite, secrets.joiner_secret, List.of(),
                    MLSOutputStream.encode(info.getGroupContext()));
            assertThat(schedule.confirmationTag(info.getGroupContext().getConfirmedTranscriptHash()))
                    .isEqualTo(info.getConfirmationTag());
        }
    }

    /** The Java type that each messages.json field encodes (test-vectors.md "Messages"). */
    private static final Map<String, Class<?>> MESSAGE_TYPES = new LinkedHashMap<>();

    static {
        for (String field : List.of("mls_welcome", "mls_group_info", "mls_key_package", "public_message_application",
                "public_message_proposal", "public_message_commit", "private_message")) {
            MESSAGE_TYPES.put(field, MLSMessage.class);
        }
        MESSAGE_TYPES.put("ratchet_tree", TreeKEMPublicKey.class);
        MESSAGE_TYPES.put("group_secrets", GroupSecrets.class);
        MESSAGE_TYPES.put("add_proposal", Proposal.Add.class);
        MESSAGE_TYPES.put("update_proposal", Proposal.Update.class);
        MESSAGE_TYPES.put("remove_proposal", Proposal.Remove.class);
        MESSAGE_TYPES.put("pre_shared_key_proposal", Proposal.PreSharedKey.class);
        MESSAGE_TYPES.put("re_init_proposal", Proposal.ReInit.class);
        MESSAGE_TYPES.put("external_init_proposal", Proposal.ExternalInit.class);
        MESSAGE_TYPES.put("group_context_extensions_proposal", Proposal.GroupContextExtensions.class);
        MESSAGE_TYPES.put("commit", Commit.class);
    }

    @Test
    void everyMessageTypeDecodesAndReEncodesToTheSameBytes() throws Exception {
        // messages.json has no cipher_suite field: its values are suite-independent encodings, so all are checked.
        JsonNode vectors = TestVectors.load("messages.json");
        assertThat(vectors.size()).isPositive();
        int checked = 0;
        for (JsonNode v : vectors) {
            for (var type : MESSAGE_TYPES.entrySet()) {
                byte[] encoded = hex(v.get(type.getKey()));
                Object decoded = MLSInputStream.decode(encoded, type.getValue());
                assertThat(MLSOutputStream.encode(decoded)).as(type.getKey() + " of vector " + checked / 17)
                        .isEqualTo(encoded);
                checked++;
            }
        }
        System.out.printf("messages.json: %d encodings round-tripped%n", checked);
    }
}
