package dev.parley.server.post;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.PostMethods;
import dev.parley.protocol.message.PostMethods.Reactions;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Rights;
import dev.parley.server.db.Database;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Reactions: one per account per message, from the chat's allowed set. A change writes the account's row, adjusts the
 * aggregated counts and records one {@code reactions} event, whatever the chat's size.
 */
public final class ReactionService {
    private final Database database;
    private final ChatService chats;
    private final ModerationService moderation;
    private final PostAccess access;
    private final PostEvents events;
    private final ReactionStore store;
    private final PostDecorations decorations;
    private final JsonCodec codec;
    private final Clock clock;

    ReactionService(Database database, ChatService chats, ModerationService moderation, PostAccess access,
            PostEvents events, ReactionStore store, PostDecorations decorations, JsonCodec codec, Clock clock) {
        this.database = database;
        this.chats = chats;
        this.moderation = moderation;
        this.access = access;
        this.events = events;
        this.store = store;
        this.decorations = decorations;
        this.codec = codec;
        this.clock = clock;
    }

    /** Sets, changes or (reaction null) removes the caller's reaction; returns the message's reactions. */
    public Reactions sendReaction(long userId, long chatId, long messageId, String reaction) {
        long now = now();
        PostEvents.Pending[] pending = {PostEvents.Pending.NONE};
        Reactions result = database.write(h -> {
            pending[0] = PostEvents.Pending.NONE;
            MemberRow member = access.member(h, chatId, userId);
            // Serialises this account's reactions in the chat, so its old reaction is counted down exactly once.
            chats.lockMember(h, chatId, userId);
            ChatRow chat = access.chat(h, chatId);
            access.visible(h, member, messageId);
            if (reaction != null && !allowed(h, chatId).contains(reaction)) {
                throw new ParleyException(ErrorCode.REACTION_INVALID, "this chat does not allow that reaction");
            }
            Optional<String> old = store.reactionOf(h, chatId, messageId, userId);
            if (Objects.equals(old.orElse(null), reaction)) {
                return decorations.reactionsOf(h, chatId, messageId, userId);
            }
            if (reaction == null) {
                store.remove(h, chatId, messageId, userId);
            } else {
                store.put(h, chatId, messageId, userId, reaction, now);
            }
            // Counter rows are updated in reaction order, so two accounts swapping reactions cannot deadlock.
            java.util.TreeMap<String, Integer> deltas = new java.util.TreeMap<>();
            old.ifPresent(o -> deltas.merge(o, -1, Integer::sum));
            if (reaction != null) {
                deltas.merge(reaction, 1, Integer::sum);
            }
            deltas.forEach((r, d) -> store.count(h, chatId, messageId, r, d));
            Reactions mine = decorations.reactionsOf(h, chatId, messageId, userId);
            // Other receivers get the counts without "mine": their own reaction did not change.
            Reactions others = new Reactions(mine.counts(), null);
            // Channel reactions are anonymous: their events never name the account.
            PostEvents.ReactionEdit edit = chat.isChannel() ? new PostEvents.ReactionEdit(messageId, null, null, null)
                    : new PostEvents.ReactionEdit(messageId, userId, old.orElse(null), reaction);
            pending[0] = events.record(h, chat, userId, ChatEvent.REACTIONS, edit, now, (viewer, pts) -> new Update.MessageReactions(chatId, messageId,
                            viewer == userId ? mine : others, pts));
            return mine;
        });
        pending[0].publish(chats);
        return result;
    }

    /** Sets the chat's allowed reactions (empty: off). Needs changeInfo in large chats, owner/admin in groups. */
    public void setAvailableReactions(long userId, long chatId, List<String> reactions) {
        long now = now();
        database.write(h -> {
            MemberRow member = access.member(h, chatId, userId);
            ChatRow chat = access.chat(h, chatId);
            if (chat.isPrivate()) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "private chats allow the default reactions");
            }
            if (chat.isLarge()) {
                moderation.requireRightOrPermission(h, chat, member, Rights.CHANGE_INFO, Rights.MEMBER_CHANGE_INFO,
                        now, "changing the chat's reactions");
                moderation.log(h, chatId, userId, "setAvailableReactions", null, Map.of("reactions", reactions),
                        now);
            } else if (!member.role().canManage()) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "only the owner or an admin changes the reactions");
            }
            store.setAllowed(h, chatId, codec.write(reactions));
            return null;
        });
    }

    public List<String> getAvailableReactions(long userId, long chatId) {
        return database.read(h -> {
            access.reader(h, chatId, userId);
            return allowed(h, chatId);
        });
    }

    private List<String> allowed(Handle h, long chatId) {
        return store.allowed(h, chatId).map(json -> {
            List<String> allowed = new java.util.ArrayList<>();
            codec.readTree(json).forEach(node -> allowed.add(node.asText()));
            return List.copyOf(allowed);
        }).orElse(PostMethods.DEFAULT_REACTIONS);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
