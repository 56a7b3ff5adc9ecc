/**
 * ts-mls against the official MLS interop test vectors (mlswg/mls-implementations, ../shared/testdata/mls/, see its
 * README) for the suite Parley ships, 0x0001: the three passive-client files (join from a Welcome, follow commits
 * of every kind, compare the epoch authenticator), welcome, messages, key-schedule, secret-tree and
 * message-protection. The Java SDK runs the same files (crypto/…/vectors). A missing folder or file fails the run:
 * these tests never skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeMlsMessage,
  encodeMlsMessage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  makePskIndex,
  mlsExporter,
  processMessage,
  type CiphersuiteImpl,
  type ClientState,
  type GroupContext,
  type KeyPackage,
  type MLSMessage,
  type Welcome,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { acceptAll } from 'ts-mls/incomingMessageAction.js';
import { encodeGroupContext } from 'ts-mls/groupContext.js';
import { initializeEpoch } from 'ts-mls/keySchedule.js';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { createSecretTree, deriveKey, deriveNonce, ratchetUntil } from 'ts-mls/secretTree.js';
import { expandSenderDataKey, expandSenderDataNonce } from 'ts-mls/sender.js';
import { decryptGroupInfo, decryptGroupSecrets } from 'ts-mls/welcome.js';
import { verifyGroupInfoConfirmationTag, verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { decodeRatchetTree, encodeRatchetTree } from 'ts-mls/ratchetTree.js';
import { decodeGroupSecrets, encodeGroupSecrets } from 'ts-mls/groupSecrets.js';
import { decodeCommit, encodeCommit } from 'ts-mls/commit.js';
import { decodeProposal, encodeProposal } from 'ts-mls/proposal.js';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { unprotectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { SUITE } from '../../src/e2e/engine';

/**
 * PARLEY_SHARED, else the nearest `shared/` beside the repository or one of its parent folders (../shared for a
 * checkout, as crypto/pom.xml's parley.shared; further up for a worktree).
 */
function sharedFolder(): string {
  if (process.env.PARLEY_SHARED) return process.env.PARLEY_SHARED;
  const repo = resolve(__dirname, '..', '..', '..');
  for (let dir = dirname(repo); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'shared', 'testdata', 'mls'))) return resolve(dir, 'shared');
    if (dirname(dir) === dir) return resolve(repo, '..', 'shared');
  }
}
const folder = resolve(sharedFolder(), 'testdata', 'mls');

function vectors<T extends { cipher_suite?: number }>(file: string): T[] {
  const path = resolve(folder, file);
  if (!existsSync(path)) throw new Error(`MLS test vector file missing: ${path} (set PARLEY_SHARED to the shared folder)`);
  const all = JSON.parse(readFileSync(path, 'utf8')) as T[];
  return all.filter((v) => v.cipher_suite === undefined || v.cipher_suite === 1);
}

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

let cs: Promise<CiphersuiteImpl> | undefined;
const suite = () => (cs ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE)));

function message(bytes: string): MLSMessage {
  const decoded = decodeMlsMessage(hex(bytes), 0);
  if (!decoded) throw new Error('undecodable MLSMessage');
  return decoded[0];
}

// Generous limits: the vectors ratchet far and keep no lifetimes we could check against a clock.
const config = {
  ...defaultClientConfig,
  keyRetentionConfig: { retainKeysForGenerations: 1000, retainKeysForEpochs: 4, maximumForwardRatchetSteps: 100_000 },
};

describe('the vector folder', () => {
  it('exists (the vectors fail rather than skip without it)', () => {
    expect(existsSync(folder), folder).toBe(true);
  });
});

interface Passive {
  cipher_suite: number;
  external_psks: { psk_id: string; psk: string }[];
  key_package: string;
  signature_priv: string;
  encryption_priv: string;
  init_priv: string;
  welcome: string;
  ratchet_tree: string | null;
  initial_epoch_authenticator: string;
  epochs: { proposals: string[]; commit: string; epoch_authenticator: string }[];
}

async function passiveClient(v: Passive): Promise<void> {
  const impl = await suite();
  const kp = message(v.key_package);
  const welcome = message(v.welcome);
  if (kp.wireformat !== 'mls_key_package' || welcome.wireformat !== 'mls_welcome') throw new Error('bad vector');
  const psks: Record<string, Uint8Array> = {};
  for (const p of v.external_psks) psks[Buffer.from(hex(p.psk_id)).toString('base64')] = hex(p.psk);
  const tree = v.ratchet_tree ? decodeRatchetTree(hex(v.ratchet_tree), 0)?.[0] : undefined;
  let state: ClientState = await joinGroup(
    welcome.welcome,
    kp.keyPackage,
    { initPrivateKey: hex(v.init_priv), hpkePrivateKey: hex(v.encryption_priv), signaturePrivateKey: hex(v.signature_priv) },
    makePskIndex(undefined, psks),
    impl,
    tree,
    undefined,
    config,
  );
  expect(toHex(state.keySchedule.epochAuthenticator)).toBe(v.initial_epoch_authenticator);
  for (const [i, epoch] of v.epochs.entries()) {
    for (const p of epoch.proposals) {
      const m = message(p);
      if (m.wireformat !== 'mls_public_message' && m.wireformat !== 'mls_private_message') throw new Error('bad proposal');
      state = (await processMessage(m, state, makePskIndex(state, psks), acceptAll, impl)).newState;
    }
    const commit = message(epoch.commit);
    if (commit.wireformat !== 'mls_public_message' && commit.wireformat !== 'mls_private_message') throw new Error('bad commit');
    state = (await processMessage(commit, state, makePskIndex(state, psks), acceptAll, impl)).newState;
    expect(toHex(state.keySchedule.epochAuthenticator), `epoch ${i + 1}`).toBe(epoch.epoch_authenticator);
  }
}

describe('passive client (suite 1)', () => {
  for (const file of ['passive-client-welcome.json', 'passive-client-handling-commit.json', 'passive-client-random.json']) {
    it(`${file}: joins and follows every epoch with the same epoch authenticators`, async () => {
      const cases = vectors<Passive>(file);
      expect(cases.length).toBeGreaterThan(0);
      for (const v of cases) await passiveClient(v);
    }, 300_000);
  }
});

describe('welcome (suite 1)', () => {
  it('decrypts the group secrets and group info and verifies its signature and confirmation tag', async () => {
    const impl = await suite();
    const cases = vectors<{ cipher_suite: number; init_priv: string; key_package: string; signer_pub: string; welcome: string }>('welcome.json');
    expect(cases.length).toBeGreaterThan(0);
    for (const v of cases) {
      const kp = message(v.key_package);
      const w = message(v.welcome);
      if (kp.wireformat !== 'mls_key_package' || w.wireformat !== 'mls_welcome') throw new Error('bad vector');
      const ref = await makeKeyPackageRef(kp.keyPackage as KeyPackage, impl.hash);
      const secrets = await decryptGroupSecrets(await impl.hpke.importPrivateKey(hex(v.init_priv)), ref, w.welcome as Welcome, impl.hpke);
      expect(secrets).toBeDefined();
      const psk = new Uint8Array(impl.kdf.size);
      const info = await decryptGroupInfo(w.welcome, secrets!.joinerSecret, psk, impl);
      expect(info).toBeDefined();
      expect(await verifyGroupInfoSignature(info!, hex(v.signer_pub), impl.signature)).toBe(true);
      expect(await verifyGroupInfoConfirmationTag(info!, secrets!.joinerSecret, psk, impl)).toBe(true);
    }
  });
});

describe('messages', () => {
  type Codec = [(b: Uint8Array, o: number) => [unknown, number] | undefined, (v: never) => Uint8Array];
  const mlsMessage: Codec = [decodeMlsMessage, encodeMlsMessage as (v: never) => Uint8Array];
  const proposal: Codec = [decodeProposal, encodeProposal as (v: never) => Uint8Array];
  const codecs: Record<string, Codec> = {
    mls_welcome: mlsMessage,
    mls_group_info: mlsMessage,
    mls_key_package: mlsMessage,
    ratchet_tree: [decodeRatchetTree, encodeRatchetTree as (v: never) => Uint8Array],
    group_secrets: [decodeGroupSecrets, encodeGroupSecrets as (v: never) => Uint8Array],
    commit: [decodeCommit, encodeCommit as (v: never) => Uint8Array],
    public_message_application: mlsMessage,
    public_message_proposal: mlsMessage,
    public_message_commit: mlsMessage,
    private_message: mlsMessage,
  };
  // The proposal vectors hold the proposal body without its type; prefix the type for the Proposal codec.
  const proposalTypes: Record<string, number> = {
    add_proposal: 1,
    update_proposal: 2,
    remove_proposal: 3,
    pre_shared_key_proposal: 4,
    re_init_proposal: 5,
    external_init_proposal: 6,
    group_context_extensions_proposal: 7,
  };

  it('decodes and re-encodes every structure byte for byte', () => {
    const cases = vectors<Record<string, string>>('messages.json');
    expect(cases.length).toBeGreaterThan(0);
    let checked = 0;
    for (const v of cases) {
      for (const [field, value] of Object.entries(v)) {
        const type = proposalTypes[field];
        const [decode, encode] = type !== undefined ? proposal : (codecs[field] ?? [undefined, undefined]);
        if (!decode || !encode) throw new Error(`no codec for ${field}`);
        const bytes = type !== undefined ? Uint8Array.of(0, type, ...hex(value)) : hex(value);
        const decoded = decode(bytes, 0);
        expect(decoded, field).toBeDefined();
        expect(toHex(encode(decoded![0] as never)), field).toBe(toHex(bytes));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('key schedule (suite 1)', () => {
  interface Epoch {
    tree_hash: string;
    commit_secret: string;
    psk_secret: string;
    confirmed_transcript_hash: string;
    group_context: string;
    joiner_secret: string;
    welcome_secret: string;
    init_secret: string;
    sender_data_secret: string;
    encryption_secret: string;
    exporter_secret: string;
    epoch_authenticator: string;
    external_secret: string;
    confirmation_key: string;
    membership_key: string;
    resumption_psk: string;
    exporter: { label: string; context: string; length: number; secret: string };
  }

  it('derives every epoch secret and the exporter', async () => {
    const impl = await suite();
    const cases = vectors<{ cipher_suite: number; group_id: string; initial_init_secret: string; epochs: Epoch[] }>('key-schedule.json');
    expect(cases.length).toBeGreaterThan(0);
    for (const v of cases) {
      let initSecret = hex(v.initial_init_secret);
      for (const [i, e] of v.epochs.entries()) {
        const context: GroupContext = {
          version: 'mls10',
          cipherSuite: SUITE,
          groupId: hex(v.group_id),
          epoch: BigInt(i),
          treeHash: hex(e.tree_hash),
          confirmedTranscriptHash: hex(e.confirmed_transcript_hash),
          extensions: [],
        };
        expect(toHex(encodeGroupContext(context))).toBe(e.group_context);
        const secrets = await initializeEpoch(initSecret, hex(e.commit_secret), context, hex(e.psk_secret), impl.kdf);
        const ks = secrets.keySchedule;
        expect(toHex(secrets.joinerSecret)).toBe(e.joiner_secret);
        expect(toHex(secrets.welcomeSecret)).toBe(e.welcome_secret);
        expect(toHex(secrets.encryptionSecret)).toBe(e.encryption_secret);
        expect(toHex(ks.initSecret)).toBe(e.init_secret);
        expect(toHex(ks.senderDataSecret)).toBe(e.sender_data_secret);
        expect(toHex(ks.exporterSecret)).toBe(e.exporter_secret);
        expect(toHex(ks.epochAuthenticator)).toBe(e.epoch_authenticator);
        expect(toHex(ks.externalSecret)).toBe(e.external_secret);
        expect(toHex(ks.confirmationKey)).toBe(e.confirmation_key);
        expect(toHex(ks.membershipKey)).toBe(e.membership_key);
        expect(toHex(ks.resumptionPsk)).toBe(e.resumption_psk);
        const exported = await mlsExporter(ks.exporterSecret, e.exporter.label, hex(e.exporter.context), e.exporter.length, impl);
        expect(toHex(exported)).toBe(e.exporter.secret);
        initSecret = ks.initSecret;
      }
    }
  });
});

describe('secret tree (suite 1)', () => {
  interface Leaf {
    generation: number;
    application_key: string;
    application_nonce: string;
    handshake_key: string;
    handshake_nonce: string;
  }

  it('derives the sender-data key and nonce and every leaf’s keys and nonces by generation', async () => {
    const impl = await suite();
    const cases = vectors<{ cipher_suite: number; encryption_secret: string; sender_data: Record<string, string>; leaves: Leaf[][] }>('secret-tree.json');
    expect(cases.length).toBeGreaterThan(0);
    for (const v of cases) {
      const sd = v.sender_data as { sender_data_secret: string; ciphertext: string; key: string; nonce: string };
      expect(toHex(await expandSenderDataKey(impl, hex(sd.sender_data_secret), hex(sd.ciphertext)))).toBe(sd.key);
      expect(toHex(await expandSenderDataNonce(impl, hex(sd.sender_data_secret), hex(sd.ciphertext)))).toBe(sd.nonce);
      // ts-mls indexes the secret tree by node: leaf i is node 2i.
      const tree = await createSecretTree(v.leaves.length, hex(v.encryption_secret), impl.kdf);
      for (const [leaf, generations] of v.leaves.entries()) {
        for (const g of generations) {
          for (const [kind, key, nonce] of [
            ['application', g.application_key, g.application_nonce],
            ['handshake', g.handshake_key, g.handshake_nonce],
          ] as const) {
            const [secret] = await ratchetUntil(tree[2 * leaf]![kind], g.generation, config.keyRetentionConfig, impl.kdf);
            expect(toHex(await deriveKey(secret.secret, g.generation, impl)), `leaf ${leaf} ${kind} ${g.generation}`).toBe(key);
            expect(toHex(await deriveNonce(secret.secret, g.generation, impl))).toBe(nonce);
          }
        }
      }
    }
  });
});

describe('message protection (suite 1)', () => {
  it('opens the proposal, commit and application of the vector as PublicMessage and PrivateMessage', async () => {
    const impl = await suite();
    const cases = vectors<Record<string, string | number>>('message-protection.json');
    expect(cases.length).toBeGreaterThan(0);
    for (const v of cases) {
      const s = (k: string) => hex(String(v[k]));
      const context: GroupContext = {
        version: 'mls10',
        cipherSuite: SUITE,
        groupId: s('group_id'),
        epoch: BigInt(v.epoch as number),
        treeHash: s('tree_hash'),
        confirmedTranscriptHash: s('confirmed_transcript_hash'),
        extensions: [],
      };
      // Two members; the sender is leaf 1 (test-vectors.md). No ratchet tree: the signer's key is given.
      for (const kind of ['proposal', 'commit'] as const) {
        const pub = message(String(v[`${kind}_pub`]));
        if (pub.wireformat !== 'mls_public_message') throw new Error('bad vector');
        const opened = await unprotectPublicMessage(s('membership_key'), context, [], pub.publicMessage, impl, s('signature_pub'));
        const content = opened.content as unknown as { proposal?: never; commit?: never };
        expect(toHex(kind === 'proposal' ? encodeProposal(content.proposal!) : encodeCommit(content.commit!))).toBe(v[kind]);
      }
      for (const kind of ['proposal', 'commit', 'application'] as const) {
        const priv = message(String(v[`${kind}_priv`]));
        if (priv.wireformat !== 'mls_private_message') throw new Error('bad vector');
        const tree = await createSecretTree(2, s('encryption_secret'), impl.kdf);
        const opened = await unprotectPrivateMessage(s('sender_data_secret'), priv.privateMessage, tree, [], context, config.keyRetentionConfig, impl, s('signature_pub'));
        const content = opened.content.content as unknown as { proposal?: never; commit?: never; applicationData?: Uint8Array };
        const bytes = kind === 'proposal' ? encodeProposal(content.proposal!) : kind === 'commit' ? encodeCommit(content.commit!) : content.applicationData!;
        expect(toHex(bytes), kind).toBe(v[kind]);
      }
    }
  });
});
