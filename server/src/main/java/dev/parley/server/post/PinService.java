package dev.parley.server.post;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Messages;
import dev.parley.protocol.message.PostMethods;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Rights;
import dev.parley.server.db.Database;
import dev.parley.server.message.MessageStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Pins: several per chat, newest first. Pinning and unpinning are chat events ({@code pinnedMessages}); who may pin:
 * both parties of a private chat, the owner and admins of a group, in supergroups admins with {@code pinMessages}
 * and members with the {@code pinMessages} permission, in channels admins with {@code pinMessages}.
 */
public final class PinService {
    private final Database database;
    private final ChatService chats;
    private final ModerationService moderation;
    private final PostAccess access;
    private final PostEvents events;
    private final PinStore store;
    private final MessageStore messages;
    private final PostDecorations decorations;
    private final Clock clock;

    PinService(Database database, ChatService chats, ModerationService moderation, PostAccess access,
            PostEvents events, PinStore store, MessageStore messages, PostDecorations decorations, Clock clock) {
        this.database = database;
        this.chats = chats;
        this.moderation = moderation;
        this.access = access;
        this.events = events;
        this.store = store;
        this.messages = messages;
        this.decorations = decorations;
        this.clock = clock;
    }

    /** Pins a message (pinning a pinned one changes nothing). */
    public void pin(long userId, long chatId, long messageId, boolean silent) {
        change(userId, chatId, (h, chat) -> {
            access.visible(h, access.member(h, chatId, userId), messageId);
            if (store.pinned(h, chatId).size() >= PostMethods.PINNED_MAX) {
                throw new ParleyException(ErrorCode.BAD_REQUEST,
                        "a chat has at most " + PostMethods.PINNED_MAX + " pinned messages");
            }
            boolean added = store.pin(h, chatId, messageId, userId, now());
            return added ? new PostEvents.PinChange(List.of(messageId), true, silent) : null;
        });
    }

    /** Unpins a message (unpinning one that is not pinned changes nothing). */
    public void unpin(long userId, long chatId, long messageId) {
        change(userId, chatId, (h, chat) -> store.unpin(h, chatId, messageId)
                ? new PostEvents.PinChange(List.of(messageId), false, true) : null);
    }

    public void unpinAll(long userId, long chatId) {
        change(userId, chatId, (h, chat) -> {
            List<Long> ids = store.pinned(h, chatId);
            ids.forEach(id -> store.unpin(h, chatId, id));
            return ids.isEmpty() ? null : new PostEvents.PinChange(ids, false, true);
        });
    }

    /** The pinned messages the caller sees, newest pin first. */
    public Messages getPinned(long userId, long chatId) {
        return database.read(h -> {
            PostAccess.Reader reader = access.reader(h, chatId, userId);
            List<Message> found = new ArrayList<>();
            long visibleFrom = reader.member().map(MemberRow::visibleFrom).orElse(0L);
            List<Long> ids = store.pinned(h, chatId);
            var hidden = messages.hiddenOf(h, userId, chatId, ids);
            var rows = messages.findMany(h, chatId, ids).stream()
                    .collect(java.util.stream.Collectors.toMap(r -> r.messageId(), Function.identity()));
            for (long id : ids) {
                var row = rows.get(id);
                if (row != null && !row.deleted() && id > visibleFrom && !hidden.contains(id)) {
                    found.add(row.view(userId));
                }
            }
            return new Messages(decorations.decorate(h, userId, found));
        });
    }

    @FunctionalInterface
    private interface Change {
        /** Applies the change; the event payload, or null if nothing changed. */
        PostEvents.PinChange apply(Handle h, ChatRow chat);
    }

    private void change(long userId, long chatId, Change change) {
        long now = now();
        PostEvents.Pending pending = database.write(h -> {
            MemberRow member = access.member(h, chatId, userId);
            ChatRow chat = access.chat(h, chatId);
            requireMayPin(h, chat, member, now);
            PostEvents.PinChange payload = change.apply(h, chat);
            if (payload == null) {
                return PostEvents.Pending.NONE;
            }
            return events.record(h, chat, userId, ChatEvent.PIN, payload, now, (viewer, pts) ->
                    new Update.PinnedMessages(chatId, payload.ids(), payload.pinned(), payload.silent(), pts));
        });
        pending.publish(chats);
    }

    private void requireMayPin(Handle h, ChatRow chat, MemberRow member, long now) {
        if (chat.isLarge()) {
            moderation.requireRightOrPermission(h, chat, member, Rights.PIN_MESSAGES, Rights.MEMBER_PIN_MESSAGES,
                    now, "pinning messages");
        } else if (!chat.isPrivate() && !member.role().canManage()) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "only the owner or an admin pins in a group");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
