import {
  createApplicationMessage,
  createCommit,
  createGroup as mlsCreateGroup,
  decodeGroupState,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  mlsExporter,
  processPrivateMessage,
  processPublicMessage,
  type CiphersuiteImpl,
  type ClientConfig,
  type ClientState,
  type KeyPackage,
  type MLSMessage,
  type Proposal,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { encodeCredential, decodeCredential, type DeviceCredential } from './credential';
import { equalBytes } from './bytes';

/**
 * The web client's MLS engine over ts-mls, the counterpart of the Java SDK's BcMlsEngine (suite 0x0001,
 * MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519) with the same wire behaviour: commits always carry a path and go as
 * encrypted PrivateMessages, Welcomes carry the ratchet tree, every leaf's BasicCredential is a Parley device
 * credential whose key is the leaf's signature key, and application plaintexts are padded to 64-byte blocks.
 * States are immutable values; every step returns the next one, which the caller persists.
 */
export const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
/** Application messages are padded so the ciphertext length reveals only a multiple of this (as BcMlsEngine). */
export const PADDING_BLOCK = 64;
const ED25519_SIGNATURE_FIELD = 1 + 64;

export class MlsError extends Error {
  constructor(
    readonly reason: 'STALE_EPOCH' | 'FUTURE_EPOCH' | 'INVALID_MESSAGE' | 'INVALID_KEY_PACKAGE' | 'NOT_A_MEMBER' | 'OWN_COMMIT' | 'DECRYPT_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'MlsError';
  }
}

/** This device's signing identity: its credential and its Ed25519 key pair. */
export interface DeviceIdentity {
  userId: number;
  deviceId: number;
  publicKey: Uint8Array;
  signKey: Uint8Array;
}

/** A key package as uploaded (an MLSMessage) with the private keys that open a Welcome to it. */
export interface KeyPackageBundle {
  keyPackage: Uint8Array;
  initPrivateKey: Uint8Array;
  hpkePrivateKey: Uint8Array;
  lastResort: boolean;
}

export interface Member {
  leafIndex: number;
  credential: DeviceCredential;
}

export interface CommitResult {
  commit: Uint8Array;
  welcome: Uint8Array | undefined;
  /** The state to adopt once the delivery service accepted the commit. */
  pending: ClientState;
}

export type HandshakeOutcome =
  | { kind: 'advanced'; state: ClientState }
  | { kind: 'proposalQueued'; state: ClientState }
  | { kind: 'removed' };

let suite: Promise<CiphersuiteImpl> | null = null;

export function cipherSuite(): Promise<CiphersuiteImpl> {
  suite ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE));
  return suite;
}

/** Zero padding so that the encrypted content (length prefix, data, signature) fills whole blocks. */
export function padding(length: number): number {
  const prefix = length < 64 ? 1 : length < 16384 ? 2 : 4;
  const content = prefix + length + ED25519_SIGNATURE_FIELD;
  return (PADDING_BLOCK - (content % PADDING_BLOCK)) % PADDING_BLOCK;
}

/** Every leaf must carry a Parley credential for its own signature key; anything else is refused on receipt. */
const clientConfig: ClientConfig = {
  ...defaultClientConfig,
  paddingConfig: { kind: 'alwaysPad', paddingLength: 0 },
  authService: {
    validateCredential(credential, signaturePublicKey) {
      if (credential.credentialType !== 'basic') return Promise.resolve(false);
      try {
        return Promise.resolve(equalBytes(decodeCredential(credential.identity).publicKey, signaturePublicKey));
      } catch {
        return Promise.resolve(false);
      }
    },
  },
};

function configFor(length: number): ClientConfig {
  return { ...clientConfig, paddingConfig: { kind: 'alwaysPad', paddingLength: padding(length) } };
}

export async function generateIdentityKey(): Promise<{ publicKey: Uint8Array; signKey: Uint8Array }> {
  return (await cipherSuite()).signature.keygen();
}

export async function createKeyPackage(identity: DeviceIdentity, lastResort: boolean): Promise<KeyPackageBundle> {
  const cs = await cipherSuite();
  const { publicPackage, privatePackage } = await generateKeyPackageWithKey(
    { credentialType: 'basic', identity: encodeCredential(identity) },
    defaultCapabilities(),
    defaultLifetime,
    [],
    { signKey: identity.signKey, publicKey: identity.publicKey },
    cs,
  );
  return {
    keyPackage: encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: publicPackage }),
    initPrivateKey: privatePackage.initPrivateKey,
    hpkePrivateKey: privatePackage.hpkePrivateKey,
    lastResort,
  };
}

export async function createGroup(identity: DeviceIdentity, groupId: Uint8Array): Promise<ClientState> {
  const cs = await cipherSuite();
  const own = await createKeyPackage(identity, false);
  return mlsCreateGroup(groupId, keyPackageOf(own.keyPackage), privateOf(identity, own), [], cs, clientConfig);
}

export async function addMembers(state: ClientState, keyPackages: readonly Uint8Array[]): Promise<CommitResult> {
  if (keyPackages.length === 0) throw new Error('no key packages to add');
  const proposals: Proposal[] = keyPackages.map((kp) => ({ proposalType: 'add', add: { keyPackage: checkedKeyPackage(kp) } }));
  return commit(state, proposals);
}

export async function removeMembers(state: ClientState, leafIndices: readonly number[]): Promise<CommitResult> {
  if (leafIndices.length === 0) throw new Error('no members to remove');
  const present = new Set(members(state).map((m) => m.leafIndex));
  const own = ownLeafIndex(state);
  for (const leaf of leafIndices) {
    if (leaf === own) throw new Error('a member cannot remove itself; another member must');
    if (!present.has(leaf)) throw new Error(`leaf ${leaf} is not a member`);
  }
  return commit(state, leafIndices.map((removed) => ({ proposalType: 'remove', remove: { removed } })));
}

/** An empty commit with a path: refreshes this leaf's keys (post-compromise security). */
export function selfUpdate(state: ClientState): Promise<CommitResult> {
  return commit(state, []);
}

async function commit(state: ClientState, proposals: Proposal[]): Promise<CommitResult> {
  const cs = await cipherSuite();
  // Encrypted (PrivateMessage) as bcmls sends them; the Welcome carries the tree so joiners need nothing else.
  const result = await createCommit(
    { state: { ...state, clientConfig }, cipherSuite: cs },
    { extraProposals: proposals, ratchetTreeExtension: true, wireAsPublicMessage: false },
  );
  const welcome = result.welcome ? encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: result.welcome }) : undefined;
  return { commit: encodeMlsMessage(result.commit), welcome, pending: result.newState };
}

/** Joins from a Welcome with whichever of our key packages it is for; returns the state and the package used. */
export async function joinFromWelcome(
  identity: DeviceIdentity,
  bundles: readonly KeyPackageBundle[],
  welcomeBytes: Uint8Array,
): Promise<{ state: ClientState; used: KeyPackageBundle }> {
  const cs = await cipherSuite();
  const message = decode(welcomeBytes);
  if (message.wireformat !== 'mls_welcome') throw new MlsError('INVALID_MESSAGE', 'not a Welcome');
  const refs = message.welcome.secrets.map((s) => s.newMember);
  for (const bundle of bundles) {
    const kp = keyPackageOf(bundle.keyPackage);
    const ref = await keyPackageRef(kp, cs);
    if (!refs.some((r) => equalBytes(r, ref))) continue;
    const state = await joinGroup(message.welcome, kp, privateOf(identity, bundle), emptyPskIndex, cs, undefined, undefined, clientConfig);
    const own = members(state).find((m) => m.leafIndex === ownLeafIndex(state));
    if (!own || !equalBytes(encodeCredential(own.credential), encodeCredential(identity))) {
      throw new MlsError('INVALID_MESSAGE', 'the Welcome puts another credential at our leaf');
    }
    return { state, used: bundle };
  }
  throw new MlsError('NOT_A_MEMBER', 'the Welcome is for none of our key packages');
}

/** Applies a proposal or commit of another member. */
export async function handle(state: ClientState, bytes: Uint8Array): Promise<HandshakeOutcome> {
  const cs = await cipherSuite();
  const message = checkFraming(state, bytes);
  const live = { ...state, clientConfig };
  let next: ClientState;
  if (message.wireformat === 'mls_private_message') {
    if (message.privateMessage.contentType === 'application') {
      throw new MlsError('INVALID_MESSAGE', 'an application message is not a handshake message');
    }
    const result = await processPrivateMessage(live, message.privateMessage, emptyPskIndex, cs).catch(rethrow);
    next = result.newState;
  } else if (message.wireformat === 'mls_public_message') {
    next = (await processPublicMessage(live, message.publicMessage, emptyPskIndex, cs).catch(rethrow)).newState;
  } else {
    throw new MlsError('INVALID_MESSAGE', `wire format ${message.wireformat}`);
  }
  if (next.groupActiveState.kind === 'removedFromGroup') return { kind: 'removed' };
  return next.groupContext.epoch > state.groupContext.epoch ? { kind: 'advanced', state: next } : { kind: 'proposalQueued', state: next };
}

export async function protect(state: ClientState, plaintext: Uint8Array): Promise<{ state: ClientState; message: Uint8Array }> {
  const cs = await cipherSuite();
  const result = await createApplicationMessage({ ...state, clientConfig: configFor(plaintext.length) }, plaintext, cs);
  const message = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: result.privateMessage });
  return { state: { ...result.newState, clientConfig }, message };
}

export async function unprotect(state: ClientState, bytes: Uint8Array): Promise<{ state: ClientState; plaintext: Uint8Array }> {
  const cs = await cipherSuite();
  const message = checkFraming(state, bytes);
  if (message.wireformat !== 'mls_private_message' || message.privateMessage.contentType !== 'application') {
    throw new MlsError('INVALID_MESSAGE', 'application data must come as an encrypted PrivateMessage');
  }
  const result = await processPrivateMessage({ ...state, clientConfig }, message.privateMessage, emptyPskIndex, cs).catch(rethrow);
  if (result.kind !== 'applicationMessage') throw new MlsError('INVALID_MESSAGE', 'not an application message');
  return { state: result.newState, plaintext: result.message };
}

export async function exportSecret(state: ClientState, label: string, context: Uint8Array, length: number): Promise<Uint8Array> {
  const cs = await cipherSuite();
  return mlsExporter(state.keySchedule.exporterSecret, label, context, length, cs);
}

export function epoch(state: ClientState): number {
  return Number(state.groupContext.epoch);
}

export function groupId(state: ClientState): Uint8Array {
  return state.groupContext.groupId;
}

export function ownLeafIndex(state: ClientState): number {
  return state.privatePath.leafIndex;
}

/** The group's members by leaf, with their Parley credentials (a leaf without one is refused when it is added). */
export function members(state: ClientState): Member[] {
  const out: Member[] = [];
  state.ratchetTree.forEach((node, index) => {
    if (index % 2 !== 0 || node?.nodeType !== 'leaf') return;
    const credential = node.leaf.credential;
    if (credential.credentialType !== 'basic') throw new MlsError('INVALID_MESSAGE', 'a leaf without a basic credential');
    out.push({ leafIndex: index / 2, credential: decodeCredential(credential.identity) });
  });
  return out;
}

/** The MLS framing fields the delivery service also reads: wire format, group, epoch. */
export function framing(bytes: Uint8Array): { wireformat: string; epoch?: number; contentType?: string } {
  const message = decode(bytes);
  if (message.wireformat === 'mls_private_message') {
    return { wireformat: message.wireformat, epoch: Number(message.privateMessage.epoch), contentType: message.privateMessage.contentType };
  }
  if (message.wireformat === 'mls_public_message') {
    return { wireformat: message.wireformat, epoch: Number(message.publicMessage.content.epoch), contentType: message.publicMessage.content.contentType };
  }
  return { wireformat: message.wireformat };
}

export function encodeState(state: ClientState): Uint8Array {
  return encodeGroupState(state);
}

export function decodeState(bytes: Uint8Array): ClientState {
  const decoded = decodeGroupState(bytes, 0);
  if (!decoded) throw new Error('unreadable group state');
  return { ...decoded[0], clientConfig };
}

/** A claimed key package, decoded and checked to carry a Parley credential for its own signature key. */
export function checkedKeyPackage(bytes: Uint8Array): KeyPackage {
  let kp: KeyPackage;
  try {
    kp = keyPackageOf(bytes);
  } catch (error) {
    throw new MlsError('INVALID_KEY_PACKAGE', String(error));
  }
  if (kp.cipherSuite !== SUITE) throw new MlsError('INVALID_KEY_PACKAGE', 'wrong suite');
  const credential = kp.leafNode.credential;
  if (credential.credentialType !== 'basic') throw new MlsError('INVALID_KEY_PACKAGE', 'not a basic credential');
  const device = decodeCredential(credential.identity);
  if (!equalBytes(device.publicKey, kp.leafNode.signaturePublicKey)) {
    throw new MlsError('INVALID_KEY_PACKAGE', "the credential's key is not the leaf's signature key");
  }
  return kp;
}

/** The credential a key package carries (for checking it against the directory before adding it). */
export function keyPackageCredential(bytes: Uint8Array): DeviceCredential {
  const credential = checkedKeyPackage(bytes).leafNode.credential;
  if (credential.credentialType !== 'basic') throw new MlsError('INVALID_KEY_PACKAGE', 'not a basic credential');
  return decodeCredential(credential.identity);
}

function keyPackageOf(bytes: Uint8Array): KeyPackage {
  const message = decode(bytes);
  if (message.wireformat !== 'mls_key_package') throw new MlsError('INVALID_KEY_PACKAGE', 'not a key package');
  return message.keyPackage;
}

function privateOf(identity: DeviceIdentity, bundle: KeyPackageBundle) {
  return { initPrivateKey: bundle.initPrivateKey, hpkePrivateKey: bundle.hpkePrivateKey, signaturePrivateKey: identity.signKey };
}

function keyPackageRef(kp: KeyPackage, cs: CiphersuiteImpl): Promise<Uint8Array> {
  return makeKeyPackageRef(kp, cs.hash);
}

function decode(bytes: Uint8Array): MLSMessage {
  let decoded;
  try {
    decoded = decodeMlsMessage(bytes, 0);
  } catch (error) {
    throw new MlsError('INVALID_MESSAGE', `not an MLSMessage: ${String(error)}`);
  }
  if (!decoded) throw new MlsError('INVALID_MESSAGE', 'not an MLSMessage');
  return decoded[0];
}

/** Cleartext pre-checks: right group, current epoch (STALE_EPOCH / FUTURE_EPOCH precisely, as BcMlsEngine). */
function checkFraming(state: ClientState, bytes: Uint8Array): MLSMessage {
  const message = decode(bytes);
  const f = framing(bytes);
  if (f.epoch === undefined) throw new MlsError('INVALID_MESSAGE', `a ${f.wireformat} is not a group message`);
  const gid = message.wireformat === 'mls_private_message' ? message.privateMessage.groupId : message.wireformat === 'mls_public_message' ? message.publicMessage.content.groupId : undefined;
  if (!gid || !equalBytes(gid, groupId(state))) throw new MlsError('INVALID_MESSAGE', 'the message is for another group');
  if (f.epoch < epoch(state)) throw new MlsError('STALE_EPOCH', `message of epoch ${f.epoch}, group is at ${epoch(state)}`);
  if (f.epoch > epoch(state)) throw new MlsError('FUTURE_EPOCH', `message of epoch ${f.epoch}, group is at ${epoch(state)}`);
  return message;
}

function rethrow(error: unknown): never {
  throw new MlsError('DECRYPT_FAILED', error instanceof Error ? error.message : String(error));
}
