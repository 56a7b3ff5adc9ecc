// The browser tests: one real server and one Chromium for all of them (each starts in ~15 s on a busy 2-core
// machine), every test in its own browser contexts and with its own accounts. `npm run e2e`; Maven runs it in the
// e2e module. Screenshots and results go to web/test-results/.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { accountTests } from './account.mjs';
import { actionTests } from './actions.mjs';
import { botTests } from './bots.mjs';
import { channelTests } from './channels.mjs';
import { communityTests } from './community.mjs';
import { groupTests } from './groups.mjs';
import { startBoth } from './harness.mjs';
import { messagingTests } from './messaging.mjs';
import { performanceTests } from './performance.mjs';
import { postTests } from './posts.mjs';
import { secureTests } from './secure.mjs';
import { secureProtocolTests } from './secureProtocol.mjs';

describe('Parley in the browser', () => {
  const env = { server: undefined, browser: undefined, problems: [] };

  before(async () => {
    Object.assign(env, await startBoth());
  });

  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
    assert.deepEqual(env.problems, [], 'no CSP violations or page errors');
  });

  describe('accounts', () => accountTests(env));
  describe('chatting', () => messagingTests(env));
  describe('message actions and search', () => actionTests(env));
  describe('groups', () => groupTests(env));
  describe('channels and supergroups', () => channelTests(env));
  describe('reactions, pins and polls', () => postTests(env));
  describe('bot keyboards', () => botTests(env));
  describe('comments, quizzes, moderation, invite links and the message cache', () => communityTests(env));
  describe('end-to-end encryption', () => {
    secureTests(env);
    secureProtocolTests(env);
  });
  describe('performance', () => performanceTests(env));
});
