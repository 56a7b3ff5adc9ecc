// Browser tests of channel comments, quizzes and closing polls, the moderation screen of supergroups and channels,
// invite links, and the local message cache. Two or three people in separate browser contexts wherever one's action
// must show on another's screen. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createLarge, join } from './channels.mjs';
import { VIEWPORTS, axeViolations, messageWith, newPage, openChatWith, register, screenshots, send, uniqueUsername, waitForTexts } from './harness.mjs';

async function people(env, names) {
  const contexts = await Promise.all(
    names.map(() => env.browser.newContext({ viewport: VIEWPORTS.desktop, permissions: ['clipboard-read', 'clipboard-write'] })),
  );
  const pages = await Promise.all(contexts.map((c) => newPage(c, env.problems)));
  const usernames = names.map(([prefix]) => uniqueUsername(prefix));
  for (let i = 0; i < names.length; i++) await register(pages[i], env.server.url, usernames[i], names[i][1]);
  return { contexts, pages, usernames, close: () => Promise.all(contexts.map((c) => c.close())) };
}

async function openManage(page, title) {
  await page.getByRole('button', { name: 'Manage', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Manage ${title}` });
  await dialog.waitFor();
  return dialog;
}

function memberRow(dialog, name) {
  return dialog.locator('li.member').filter({ hasText: name });
}

/** Waits until the focused element's label (or text) is `expected`: focus moves after the next render. */
async function waitForFocus(page, expected) {
  const read = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
  const deadline = Date.now() + 5_000;
  let seen = await read();
  while (seen !== expected && Date.now() < deadline) {
    await page.waitForTimeout(50);
    seen = await read();
  }
  assert.equal(seen, expected, 'focus');
}

/** Defines the tests; `env` holds the suite's server, browser and list of page problems (browser.test.mjs). */
export function communityTests(env) {
  it('comments: a channel linked to a discussion group; a subscriber comments without joining, the owner answers; after joining the thread is live', async () => {
    const { pages: [alice, bob], close } = await people(env, [['olga', 'Olga'], ['paul', 'Paul']]);
    const channel = uniqueUsername('daily');
    await createLarge(alice, 'Talk Room', 'Supergroup: everyone posts', uniqueUsername('room'));
    await createLarge(alice, 'Daily News', 'Channel: only admins post', channel);

    const manage = await openManage(alice, 'Daily News');
    await manage.getByLabel('Discussion group').selectOption({ label: 'Talk Room' });
    await manage.getByRole('button', { name: 'Set discussion group' }).click();
    await manage.getByText('Discussion group set.').waitFor();
    assert.deepEqual(await axeViolations(alice), [], 'channel management');
    await manage.getByRole('button', { name: 'Close', exact: true }).click();

    await send(alice, 'big news');
    await messageWith(alice, 'big news').getByRole('button', { name: 'Leave a comment' }).waitFor();
    // Manage shows the linked group, known from the post's thread.
    const again = await openManage(alice, 'Daily News');
    assert.equal(await again.getByLabel('Discussion group').locator('option:checked').textContent(), 'Talk Room');
    await alice.keyboard.press('Escape');
    await again.waitFor({ state: 'detached' });

    await join(bob, channel, 'Daily News');
    await waitForTexts(bob, ['big news']);
    await messageWith(bob, 'big news').getByRole('button', { name: 'Leave a comment' }).click();
    const thread = bob.getByRole('dialog', { name: 'Comments' });
    await thread.getByText('No comments yet.').waitFor();
    // A subscriber comments without joining the discussion group (as in Telegram).
    await thread.getByLabel('Your comment').fill('first!');
    await thread.getByLabel('Your comment').press('Enter');
    const bobLog = thread.getByRole('log', { name: 'Comments on this post' });
    await bobLog.getByText('first!').waitFor();
    assert.deepEqual(await axeViolations(bob), [], 'comment thread');
    await screenshots(bob, 'comments');

    // The owner (a member of the group) sees the count change live, opens the thread, names the commenter from the
    // thread itself (Paul is no member of the group) and answers.
    await messageWith(alice, 'big news').getByRole('button', { name: '1 comment' }).click();
    const aliceThread = alice.getByRole('dialog', { name: 'Comments' });
    await aliceThread.locator('.comment', { hasText: 'first!' }).locator('.sender', { hasText: 'Paul' }).waitFor();
    await aliceThread.getByLabel('Your comment').fill('thanks for reading');
    await aliceThread.getByRole('button', { name: 'Comment', exact: true }).click();
    await aliceThread.getByText('thanks for reading').waitFor();

    // A commenter gets no pushes of the group: reopening the thread reads the answer; Escape gives focus back to the
    // post's comments button, which counts both.
    await bob.keyboard.press('Escape');
    await thread.waitFor({ state: 'detached' });
    await messageWith(bob, 'big news').getByRole('button', { name: 'comment' }).click();
    await thread.getByRole('log', { name: 'Comments on this post' }).getByText('thanks for reading').waitFor();
    await bob.keyboard.press('Escape');
    await thread.waitFor({ state: 'detached' });
    await messageWith(bob, 'big news').getByRole('button', { name: '2 comments' }).waitFor();
    await waitForFocus(bob, '💬 2 comments');

    // Joining the discussion group makes the thread live for the subscriber too.
    await messageWith(bob, 'big news').getByRole('button', { name: '2 comments' }).click();
    await thread.getByRole('button', { name: 'Join the discussion group' }).click();
    await thread.getByRole('button', { name: 'Join the discussion group' }).waitFor({ state: 'detached' });
    await aliceThread.getByLabel('Your comment').fill('welcome aboard');
    await aliceThread.getByRole('button', { name: 'Comment', exact: true }).click();
    await thread.getByRole('log', { name: 'Comments on this post' }).getByText('welcome aboard').waitFor();
    await close();
  });

  it('quizzes: the correct answer and explanation after answering; the author closes the poll and both see final results', async () => {
    const { pages: [alice, bob], usernames, close } = await people(env, [['quin', 'Quinn'], ['rudy', 'Rudy']]);
    await openChatWith(alice, usernames[1], { cloud: true });
    await send(alice, 'quiz time');
    await bob.locator('a.chatrow').filter({ hasText: 'Quinn' }).click();
    await waitForTexts(bob, ['quiz time']);

    await alice.getByRole('button', { name: 'Poll', exact: true }).click();
    const dialog = alice.getByRole('dialog', { name: 'New poll' });
    await dialog.getByLabel('Question').fill('Capital of France?');
    await dialog.getByLabel('Option 1').fill('Lyon');
    await dialog.getByLabel('Option 2').fill('Paris');
    await dialog.getByLabel('Quiz: one correct answer').check();
    await dialog.getByRole('button', { name: 'Create poll' }).click();
    await dialog.getByText('Choose the correct answer of the quiz.').waitFor();
    await dialog.getByRole('group', { name: 'Correct answer' }).getByRole('radio', { name: 'Paris' }).check();
    await dialog.getByLabel('Explanation (shown after answering, optional)').fill('It has been since 987.');
    assert.equal(await dialog.getByLabel('Allow several answers').count(), 0, 'quizzes take one answer');
    assert.deepEqual(await axeViolations(alice), [], 'quiz dialog');
    await dialog.getByRole('button', { name: 'Create poll' }).click();
    await dialog.waitFor({ state: 'detached' });

    const bobPoll = messageWith(bob, 'Capital of France?');
    await bobPoll.getByRole('radio', { name: 'Lyon' }).check();
    await bobPoll.getByRole('button', { name: 'Vote' }).click();
    await bobPoll.getByRole('listitem', { name: 'Lyon: 100%, 1 vote, your choice, wrong answer' }).waitFor();
    await bobPoll.getByRole('listitem', { name: 'Paris: 0%, 0 votes, correct answer' }).waitFor();
    await bobPoll.getByText('It has been since 987.').waitFor();
    assert.equal(await bobPoll.getByRole('button', { name: 'Retract vote' }).count(), 0, 'a quiz answer is final');
    assert.equal(await bobPoll.getByRole('button', { name: 'Close poll' }).count(), 0, 'only the author closes');
    assert.deepEqual(await axeViolations(bob), [], 'quiz results');
    await screenshots(bob, 'quiz');

    // The author has not answered: closing shows everyone the final results with the answer.
    const alicePoll = messageWith(alice, 'Capital of France?');
    await alicePoll.getByRole('button', { name: 'Close poll' }).click();
    await alicePoll.getByRole('listitem', { name: 'Paris: 0%, 0 votes, correct answer' }).waitFor();
    await alicePoll.getByText('Final results', { exact: false }).waitFor();
    await bobPoll.getByText('Final results', { exact: false }).waitFor();
    await bobPoll.getByRole('listitem', { name: 'Lyon: 100%, 1 vote, your choice, wrong answer' }).waitFor();
    await close();
  });

  it('moderation: slow mode and a restriction hold a member back; an admin is appointed with chosen rights, dismissed, banned and unbanned', async () => {
    const { pages: [alice, bob], close } = await people(env, [['tara', 'Tara'], ['ugo', 'Ugo']]);
    const group = uniqueUsername('squad');
    await createLarge(alice, 'Mod Squad', 'Supergroup: everyone posts', group);
    await join(bob, group, 'Mod Squad');

    let manage = await openManage(alice, 'Mod Squad');
    await manage.getByLabel('Slow mode').selectOption({ label: '30 seconds' });
    await manage.getByRole('button', { name: 'Set slow mode' }).click();
    await manage.getByText('Slow mode set.').waitFor();
    assert.deepEqual(await axeViolations(alice), [], 'supergroup management');
    await screenshots(alice, 'manage');
    await alice.keyboard.press('Escape');

    await send(bob, 'one');
    await waitForTexts(bob, ['one']);
    await send(bob, 'two');
    await bob.locator('[data-pending="failed"]').filter({ hasText: 'two' }).waitFor();
    await bob.locator('[data-pending="failed"]').getByRole('button', { name: 'Discard' }).click();

    // A restriction without "Send messages" (slow mode off, so only the restriction holds Ugo back).
    manage = await openManage(alice, 'Mod Squad');
    await manage.getByLabel('Slow mode').selectOption({ label: 'Off' });
    await manage.getByRole('button', { name: 'Set slow mode' }).click();
    await manage.getByText('Slow mode set.').waitFor();
    await memberRow(manage, 'Ugo').getByRole('button', { name: 'Restrict Ugo' }).click();
    await waitForFocus(alice, 'What Ugo may still do');
    assert.deepEqual(await axeViolations(alice), [], 'restriction form');
    const restriction = manage.getByRole('form', { name: 'What Ugo may still do' });
    await restriction.getByRole('checkbox', { name: 'Send messages' }).uncheck();
    await restriction.getByRole('button', { name: 'Restrict', exact: true }).click();
    await manage.getByText('Ugo is restricted.').waitFor();
    await memberRow(manage, 'Ugo').getByText('restricted', { exact: false }).waitFor();
    await send(bob, 'three');
    await bob.locator('[data-pending="failed"]').filter({ hasText: 'three' }).waitFor();
    await bob.locator('[data-pending="failed"]').getByRole('button', { name: 'Discard' }).click();

    // Appointed with every default right but pinning; the role event is pushed, so Ugo's Manage button shows at once.
    await memberRow(manage, 'Ugo').getByRole('button', { name: 'Admin rights of Ugo' }).click();
    const rights = manage.getByRole('form', { name: 'Admin rights of Ugo' });
    assert.equal(await rights.getByRole('checkbox', { name: 'Appoint admins' }).isChecked(), false, 'Telegram’s default');
    assert.deepEqual(await axeViolations(alice), [], 'admin rights form');
    await rights.getByRole('checkbox', { name: 'Pin messages' }).uncheck();
    await rights.getByRole('button', { name: 'Save rights' }).click();
    await manage.getByText('Rights of Ugo saved.').waitFor();
    await memberRow(manage, 'Ugo').getByText('admin', { exact: false }).waitFor();
    await bob.getByRole('button', { name: 'Manage', exact: true }).waitFor();

    // Opening the form again shows the rights as saved (rebuilt from the admin log); dismissing demotes.
    await memberRow(manage, 'Ugo').getByRole('button', { name: 'Admin rights of Ugo' }).click();
    assert.equal(await rights.getByRole('checkbox', { name: 'Pin messages' }).isChecked(), false);
    assert.equal(await rights.getByRole('checkbox', { name: 'Ban and restrict members' }).isChecked(), true);
    await rights.getByRole('button', { name: 'Dismiss admin' }).click();
    await manage.getByText('Ugo is no longer an admin.').waitFor();
    await bob.getByRole('button', { name: 'Manage', exact: true }).waitFor({ state: 'detached' });

    // Banned: listed, and joining again is refused; unbanned: the list is empty again.
    await memberRow(manage, 'Ugo').getByRole('button', { name: 'Ban Ugo' }).click();
    await manage.getByText('Ugo was banned.').waitFor();
    await manage.locator('[data-banned-id]').filter({ hasText: 'Ugo' }).waitFor();
    await bob.locator('a.chatrow').filter({ hasText: 'Mod Squad' }).waitFor({ state: 'detached' });
    await bob.getByRole('button', { name: 'Join channel' }).click();
    await bob.getByLabel('Channel or supergroup username').fill(group);
    await bob.getByRole('button', { name: 'Join', exact: true }).click();
    await bob.getByText('You are banned from this chat.').waitFor();
    await manage.getByRole('button', { name: 'Unban Ugo' }).click();
    await manage.getByText('Ugo was unbanned.').waitFor();
    await manage.getByText('Nobody is banned.').waitFor();

    // Default member permissions: saved, and shown as saved when the screen opens again (from the admin log).
    const defaults = manage.getByRole('form', { name: 'What members may do' });
    await defaults.getByRole('checkbox', { name: 'Pin messages' }).uncheck();
    await defaults.getByRole('button', { name: 'Save member permissions' }).click();
    await manage.getByText('Member permissions saved.').waitFor();
    await alice.keyboard.press('Escape');
    manage = await openManage(alice, 'Mod Squad');
    const reopened = manage.getByRole('form', { name: 'What members may do' });
    await reopened.waitFor();
    assert.equal(await reopened.getByRole('checkbox', { name: 'Pin messages' }).isChecked(), false);
    assert.equal(await reopened.getByRole('checkbox', { name: 'Send messages' }).isChecked(), true);
    await close();
  });

  it('invite links: a private supergroup joined through a one-use link; an approval link files a request that an admin approves; links are revoked', async () => {
    const { pages: [alice, bob, carol], close } = await people(env, [['vera', 'Vera'], ['walt', 'Walt'], ['xena', 'Xena']]);
    await createLarge(alice, 'Secret Club', 'Supergroup: everyone posts', '');
    let manage = await openManage(alice, 'Secret Club');
    await manage.getByLabel('Usage limit (0 = unlimited)').fill('1');
    await manage.getByRole('button', { name: 'Create link' }).click();
    await manage.getByText('Link created.').waitFor();
    const oneUse = await manage.getByRole('textbox', { name: 'Invite link 1' }).inputValue();
    assert.match(oneUse, /#\/join\/[A-Za-z0-9_-]{22}$/);
    await manage.getByText('0 of 1 uses', { exact: false }).waitFor();
    await manage.getByRole('button', { name: 'Copy invite link 1' }).click();
    await manage.getByText('Link copied.').waitFor();
    assert.equal(await alice.evaluate(() => navigator.clipboard.readText()), oneUse, 'the link is on the clipboard');
    assert.deepEqual(await axeViolations(alice), [], 'invite links');

    await bob.goto(oneUse);
    await bob.getByRole('heading', { name: 'Join by invite link' }).waitFor();
    assert.deepEqual(await axeViolations(bob), [], 'join by link');
    await bob.getByRole('button', { name: 'Join', exact: true }).click();
    await bob.getByRole('heading', { name: 'Secret Club' }).waitFor();

    await carol.goto(oneUse);
    await carol.getByRole('button', { name: 'Join', exact: true }).click();
    await carol.getByText('This invite link is not valid', { exact: false }).waitFor();

    await manage.getByLabel('Admins approve each join (no usage limit)').check();
    await manage.getByRole('button', { name: 'Create link' }).click();
    const approval = await manage.getByRole('textbox', { name: 'Invite link 2' }).inputValue();
    await carol.goto(approval);
    await carol.getByRole('button', { name: 'Join', exact: true }).click();
    await carol.getByText('Request sent.', { exact: false }).waitFor();

    await manage.getByRole('button', { name: 'Refresh' }).click();
    await manage.getByRole('button', { name: /^Approve / }).click();
    await manage.getByText('joined.', { exact: false }).waitFor();
    await manage.getByText('No pending requests.').waitFor();
    // The approval is pushed to Carol's open page: the chat is in her list without a reload or reconnect.
    await carol.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chats' }).click();
    await carol.locator('a.chatrow').filter({ hasText: 'Secret Club' }).waitFor();

    await manage.getByRole('button', { name: 'Revoke invite link 2' }).click();
    await manage.getByText('Link revoked.').waitFor();
    // After a reload the links come from the server (chats.getInvites): both, the second revoked, the first used up.
    await alice.reload();
    manage = await openManage(alice, 'Secret Club');
    await manage.locator('li.invite.revoked').waitFor();
    assert.equal(await manage.locator('li.invite').count(), 2);
    await manage.getByText('1 of 1 uses', { exact: false }).waitFor();
    await close();
  });

  it('the message cache: a reload shows the chat and its history before the server answers; logging out clears it', async () => {
    const { contexts: [aliceContext], pages: [alice], usernames, close } = await people(env, [['yuri', 'Yuri'], ['zoe', 'Zoe']]);
    await openChatWith(alice, usernames[1], { cloud: true });
    await send(alice, 'kept locally');
    await send(alice, 'also kept');
    await waitForTexts(alice, ['kept locally', 'also kept']);
    const cachedCount = () =>
      alice.evaluate(
        () =>
          new Promise((resolve) => {
            const open = indexedDB.open('parley-cache', 1);
            open.onsuccess = () => {
              const userId = JSON.parse(localStorage.getItem('parley.session') ?? 'null')?.userId;
              const get = open.result.transaction('chats').objectStore('chats').get(userId ?? 0);
              get.onsuccess = () => {
                open.result.close();
                resolve(get.result ? get.result.histories.reduce((n, h) => n + h.messages.length, 0) : 0);
              };
            };
          }),
      );
    const deadline = Date.now() + 10_000;
    while ((await cachedCount()) < 2 && Date.now() < deadline) await alice.waitForTimeout(100);
    assert.equal(await cachedCount(), 2, 'both messages cached');

    // The socket goes nowhere: the hello is never answered, so all that shows comes from the cache.
    const offline = await aliceContext.newPage();
    const unanswered = [];
    await offline.routeWebSocket(/\/api\/ws/, (socket) => socket.onMessage((frame) => unanswered.push(frame)));
    await offline.goto(alice.url());
    await waitForTexts(offline, ['kept locally', 'also kept']);
    await offline.locator('a.chatrow').filter({ hasText: 'Zoe' }).waitFor();
    assert.match(String(unanswered[0]), /auth\.hello/, 'the page asked the server and got no answer');
    await offline.close();

    await alice.getByRole('button', { name: 'Log out' }).click();
    await alice.getByRole('button', { name: 'Log in' }).waitFor();
    // The cache is keyed by the account; the session is gone, so look the record up by any key.
    const left = await alice.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('parley-cache', 1);
          open.onsuccess = () => {
            const count = open.result.transaction('chats').objectStore('chats').count();
            count.onsuccess = () => {
              open.result.close();
              resolve(count.result);
            };
          };
        }),
    );
    assert.equal(left, 0, 'logging out clears the cache');
    await close();
  });
}
