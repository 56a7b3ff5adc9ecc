package dev.parley.crypto.mls;

import static dev.parley.crypto.vectors.TestVectors.hex;
import static dev.parley.crypto.vectors.TestVectors.present;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.crypto.vectors.TestVectors;
import java.util.HashMap;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.protocol.Group;
import org.junit.jupiter.api.Test;

/**
 * The passive-client vectors again, but the group state is persisted and restored through
 * {@link BcGroupStateCodec} after the join and after every epoch: persistence must not change a single secret, for
 * every kind of commit the vectors contain (adds, removes, updates, paths, proposals by reference).
 * Vectors with external PSKs are left out: the engine never uses PSKs, so its state format does not carry them.
 */
class StateCodecVectorsTest {

    @Test
    void aPassiveClientRestoredFromItsSnapshotEveryEpochStaysInStep() throws Exception {
        int epochs = 0;
        for (String file : new String[] {"passive-client-welcome.json", "passive-client-handling-commit.json",
                "passive-client-random.json"}) {
            for (JsonNode v : TestVectors.forSuite1(file)) {
                if (!v.get("external_psks").isEmpty()) {
                    continue;
                }
                Group group = restore(join(v));
                assertThat(group.getEpochAuthenticator()).isEqualTo(hex(v.get("initial_epoch_authenticator")));
                for (JsonNode epoch : v.get("epochs")) {
                    for (JsonNode proposal : epoch.get("proposals")) {
                        group.handle(hex(proposal), null);
                        group = restore(group);
                    }
                    group = restore(group.handle(hex(epoch.get("commit")), null));
                    assertThat(group.getEpochAuthenticator()).as(file + " epoch " + group.getEpoch())
                            .isEqualTo(hex(epoch.get("epoch_authenticator")));
                    epochs++;
                }
            }
        }
        assertThat(epochs).isGreaterThanOrEqualTo(200);
    }

    private static Group restore(Group group) throws MlsException {
        return BcGroupStateCodec.decode(GroupState.fromBytes(BcGroupStateCodec.encode(group).toBytes()));
    }

    private static Group join(JsonNode v) throws Exception {
        MlsCipherSuite suite = MlsCipherSuite.getSuite((short) TestVectors.SUITE);
        KeyPackage kp = ((MLSMessage) MLSInputStream.decode(hex(v.get("key_package")), MLSMessage.class)).keyPackage;
        TreeKEMPublicKey tree = null;
        if (present(v.get("ratchet_tree"))) {
            tree = (TreeKEMPublicKey) MLSInputStream.decode(hex(v.get("ratchet_tree")), TreeKEMPublicKey.class);
            tree.setSuite(suite);
        }
        MLSMessage welcome = (MLSMessage) MLSInputStream.decode(hex(v.get("welcome")), MLSMessage.class);
        return new Group(hex(v.get("init_priv")), suite.getHPKE().deserializePrivateKey(hex(v.get("encryption_priv")),
                kp.getLeafNode().getEncryptionKey()), hex(v.get("signature_priv")), kp, welcome.welcome, tree,
                new HashMap<>(), new HashMap<>());
    }
}
