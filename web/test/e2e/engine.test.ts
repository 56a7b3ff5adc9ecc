import { describe, expect, it } from 'vitest';
import * as mls from '../../src/e2e/engine';
import { decodeCredential, encodeCredential } from '../../src/e2e/credential';
import { displaySafetyNumber, safetyNumber } from '../../src/e2e/safetyNumber';

async function device(userId: number, deviceId: number): Promise<{ identity: mls.DeviceIdentity; bundles: mls.KeyPackageBundle[] }> {
  const key = await mls.generateIdentityKey();
  const identity = { userId, deviceId, ...key };
  return { identity, bundles: [await mls.createKeyPackage(identity, false), await mls.createKeyPackage(identity, true)] };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('device credential', () => {
  it('is the 49-byte version-1 encoding the Java SDK uses, big-endian', () => {
    const key = new Uint8Array(32).fill(7);
    const encoded = encodeCredential({ userId: 258, deviceId: 3, publicKey: key });
    expect(encoded.length).toBe(49);
    expect([...encoded.slice(0, 17)]).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 3]);
    expect(decodeCredential(encoded)).toEqual({ userId: 258, deviceId: 3, publicKey: key });
    expect(() => decodeCredential(encoded.slice(1))).toThrow();
    expect(() => decodeCredential(Uint8Array.of(2, ...encoded.slice(1)))).toThrow(/version/);
  });
});

describe('safety number', () => {
  const key = (user: number, device: number, fill: number) => ({ userId: user, deviceId: device, publicKey: new Uint8Array(32).fill(fill) });

  it('matches the fixed value of the Java SafetyNumberTest (the same construction on both clients)', () => {
    expect(displaySafetyNumber(safetyNumber([key(1, 1, 0x11)], [key(2, 1, 0x21)]))).toBe(
      '71477 20880 48845 27544 92139 88311 27192 90752 08828 32847 92297 81657',
    );
  });

  it('is the same seen from both sides and changes when a key is added', () => {
    const alice = [key(1, 1, 0x11), key(1, 2, 0x12)];
    const bob = [key(2, 1, 0x21)];
    expect(safetyNumber(alice, bob)).toBe(safetyNumber(bob, alice));
    expect(safetyNumber(alice, bob)).not.toBe(safetyNumber([key(1, 1, 0x11)], bob));
  });
});

describe('MLS engine over ts-mls', () => {
  it('creates, adds, exchanges messages both ways, removes, and the removed member cannot read on', async () => {
    const alice = await device(1, 11);
    const bob = await device(2, 21);
    const carol = await device(3, 31);
    const groupId = crypto.getRandomValues(new Uint8Array(16));
    let a = await mls.createGroup(alice.identity, groupId);

    const add = await mls.addMembers(a, [bob.bundles[0]!.keyPackage, carol.bundles[1]!.keyPackage]);
    expect(mls.framing(add.commit)).toMatchObject({ wireformat: 'mls_private_message', epoch: 0, contentType: 'commit' });
    a = add.pending;
    let b = (await mls.joinFromWelcome(bob.identity, bob.bundles, add.welcome!)).state;
    const joinedCarol = await mls.joinFromWelcome(carol.identity, carol.bundles, add.welcome!);
    expect(joinedCarol.used.lastResort).toBe(true);
    let c = joinedCarol.state;
    expect(mls.members(b).map((m) => m.credential.userId)).toEqual([1, 2, 3]);

    const hello = await mls.protect(a, bytes('{"text":"hello"}'));
    a = hello.state;
    expect(hello.message.length % 64).toBeLessThan(64);
    const atBob = await mls.unprotect(b, hello.message);
    b = atBob.state;
    expect(text(atBob.plaintext)).toBe('{"text":"hello"}');
    const reply = await mls.protect(b, bytes('hi'));
    b = reply.state;
    const atAlice = await mls.unprotect(a, reply.message);
    a = atAlice.state;
    expect(text(atAlice.plaintext)).toBe('hi');

    const remove = await mls.removeMembers(a, [2]);
    a = remove.pending;
    const atBobRemove = await mls.handle(b, remove.commit);
    expect(atBobRemove.kind).toBe('advanced');
    if (atBobRemove.kind === 'advanced') b = atBobRemove.state;
    expect((await mls.handle(c, remove.commit)).kind).toBe('removed');

    const secret = await mls.protect(a, bytes('after'));
    await expect(mls.unprotect(c, secret.message)).rejects.toMatchObject({ reason: 'FUTURE_EPOCH' });
    expect(text((await mls.unprotect(b, secret.message)).plaintext)).toBe('after');
    expect(await mls.exportSecret(secret.state, 'x', new Uint8Array(), 16)).toEqual(await mls.exportSecret(b, 'x', new Uint8Array(), 16));
  });

  it('keeps a group usable through its stored encoding', async () => {
    const alice = await device(1, 11);
    const bob = await device(2, 21);
    const a0 = await mls.createGroup(alice.identity, Uint8Array.of(1, 2, 3));
    const add = await mls.addMembers(a0, [bob.bundles[0]!.keyPackage]);
    const b = mls.decodeState(mls.encodeState((await mls.joinFromWelcome(bob.identity, bob.bundles, add.welcome!)).state));
    const a = mls.decodeState(mls.encodeState(add.pending));
    const sealed = await mls.protect(a, bytes('stored'));
    expect(text((await mls.unprotect(b, sealed.message)).plaintext)).toBe('stored');
  });
});
