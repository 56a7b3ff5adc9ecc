package dev.parley.crypto.vectors;

import static dev.parley.crypto.vectors.TestVectors.hex;
import static dev.parley.crypto.vectors.TestVectors.present;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.Group;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The main black-box conformance test (test-vectors.md "Passive Client"): join from the Welcome, handle every
 * proposal and commit in order, and compare the epoch authenticator after each epoch. Runs bcmls's Group exactly
 * as {@link dev.parley.crypto.mls.BcMlsEngine} does.
 */
class PassiveClientVectorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"passive-client-welcome.json", "passive-client-handling-commit.json",
            "passive-client-random.json"})
    void aPassiveClientFollowsEveryEpochOfSuite1(String file) throws Exception {
        List<JsonNode> vectors = TestVectors.forSuite1(file);
        int epochsChecked = 0;
        for (JsonNode v : vectors) {
            MlsCipherSuite suite = MlsCipherSuite.getSuite((short) TestVectors.SUITE);
            KeyPackage kp = ((MLSMessage) MLSInputStream.decode(hex(v.get("key_package")), MLSMessage.class))
                    .keyPackage;
            AsymmetricCipherKeyPair leafKey = suite.getHPKE().deserializePrivateKey(hex(v.get("encryption_priv")),
                    kp.getLeafNode().getEncryptionKey());
            TreeKEMPublicKey tree = null;
            if (present(v.get("ratchet_tree"))) {
                tree = (TreeKEMPublicKey) MLSInputStream.decode(hex(v.get("ratchet_tree")), TreeKEMPublicKey.class);
                tree.setSuite(suite);
            }
            Map<Secret, byte[]> psks = new HashMap<>();
            for (JsonNode psk : v.get("external_psks")) {
                psks.put(new Secret(hex(psk.get("psk_id"))), hex(psk.get("psk")));
            }
            MLSMessage welcome = (MLSMessage) MLSInputStream.decode(hex(v.get("welcome")), MLSMessage.class);

            Group group = new Group(hex(v.get("init_priv")), leafKey, hex(v.get("signature_priv")), kp,
                    welcome.welcome, tree, psks, new HashMap<>());
            assertThat(group.getEpochAuthenticator()).as(file + " initial epoch authenticator")
                    .isEqualTo(hex(v.get("initial_epoch_authenticator")));

            for (JsonNode epoch : v.get("epochs")) {
                for (JsonNode proposal : epoch.get("proposals")) {
                    group.handle(hex(proposal), null);
                }
                group = group.handle(hex(epoch.get("commit")), null);
                assertThat(group.getEpochAuthenticator()).as(file + " epoch " + group.getEpoch())
                        .isEqualTo(hex(epoch.get("epoch_authenticator")));
                epochsChecked++;
            }
        }
        System.out.printf("%s: %d suite-1 vectors, %d epochs checked%n", file, vectors.size(), epochsChecked);
    }
}
