package dev.parley.server.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.DiscussionMethods.CommentCount;
import dev.parley.protocol.channel.DiscussionMethods.CommentCounts;
import dev.parley.protocol.channel.DiscussionMethods.Replies;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.Message.ForwardOrigin;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Role;
import dev.parley.server.chat.Rights;
import dev.parley.server.contacts.UserDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.ChatPush;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;

/**
 * A channel's linked discussion group: every new post is mirrored into the group (as a forward of the post, sender
 * hidden like the post's) in the post's own transaction, and the mirror is the root of the post's comment thread.
 * Comments are ordinary group messages replying to the root; {@code messages.getReplies} reads them and
 * {@code messages.getCommentCounts} counts them per post (a decoration clients ask for, so Message stays as is).
 * Edits and deletions of a post reach its mirror in the same transaction ({@link #mirrorEdit}, {@link #mirrorDelete}).
 * Linking needs {@code changeInfo} in both chats.
 */
public final class DiscussionService {
    private final Database database;
    private final UserDirectory users;
    private final DiscussionStore store;
    private final MessageStore messages;
    private final MessageSearch search;
    private final ChatService chats;
    private final ModerationService moderation;
    private final IdGenerator ids;
    private final Clock clock;

    public DiscussionService(Database database, DiscussionStore store, MessageStore messages, MessageSearch search,
            ChatService chats, ModerationService moderation, UserDirectory users, IdGenerator ids, Clock clock) {
        this.database = database;
        this.users = users;
        this.store = store;
        this.messages = messages;
        this.search = search;
        this.chats = chats;
        this.moderation = moderation;
        this.ids = ids;
        this.clock = clock;
    }

    /** Links {@code groupId} (a supergroup) to the channel, or unlinks with null. */
    public void setDiscussionGroup(long actorId, long channelId, Long groupId) {
        long now = clock.instant().getEpochSecond();
        database.write(h -> {
            MemberRow inChannel = chats.requireMember(h, channelId, actorId);
            if (!chats.requireChat(h, channelId).isChannel()) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "only channels have discussion groups");
            }
            moderation.requireRight(h, inChannel, Rights.CHANGE_INFO, "linking a discussion group");
            if (groupId == null) {
                if (!store.unlink(h, channelId)) {
                    throw new ParleyException(ErrorCode.CHAT_NOT_MODIFIED, "no discussion group is linked");
                }
                moderation.log(h, channelId, actorId, "setDiscussionGroup", null, Map.of(), now);
                return null;
            }
            MemberRow inGroup = chats.requireMember(h, groupId, actorId);
            if (!ChannelMethods.KIND_SUPERGROUP.equals(chats.requireChat(h, groupId).kind())) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "a discussion group must be a supergroup");
            }
            moderation.requireRight(h, inGroup, Rights.CHANGE_INFO, "linking a discussion group");
            Optional<Long> taken = store.channelOf(h, groupId);
            if (taken.isPresent() && taken.get() != channelId) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "the group discusses another channel");
            }
            store.link(h, channelId, groupId);
            moderation.log(h, channelId, actorId, "setDiscussionGroup", null, Map.of("groupId", groupId), now);
            return null;
        });
    }

    /**
     * Inside a channel post's transaction: the post's mirror in the linked group (stored by the caller), with the
     * thread recorded; empty when the channel has no discussion group.
     */
    public Optional<MessageRow> mirror(Handle h, MessageRow post, long now) {
        Optional<Long> group = store.groupOf(h, post.chatId());
        if (group.isEmpty()) {
            return Optional.empty();
        }
        long groupId = group.get();
        long searchId = ids.next();
        long rootId = chats.nextMessageSeq(h, groupId, now, searchId);
        store.thread(h, post.chatId(), post.messageId(), groupId, rootId);
        return Optional.of(new MessageRow(groupId, rootId, searchId, post.senderId(), now, post.text(),
                post.entities(), null, new ForwardOrigin(post.chatId(), post.messageId(), null, post.date()), null,
                false, new MessageRow.Post(post.post().silent(), true, post.post().authorSignature(), null)));
    }

    /**
     * Inside the transaction of an edit of a channel post: its mirror in the discussion group takes the new text, as
     * in Telegram, so a thread never starts with an outdated post. Returns the group's edit event to push after
     * commit; nothing for a post without a thread or whose mirror was deleted.
     */
    public Optional<ChatPush> mirrorEdit(Handle h, MessageRow post, long now) {
        return store.threadOf(h, post.chatId(), post.messageId())
                .flatMap(t -> messages.find(h, t.groupId(), t.rootId()).filter(root -> !root.deleted()))
                .map(root -> {
                    MessageRow edited = root.edited(post.text(), post.entities(), now);
                    messages.updateText(h, edited);
                    search.remove(h, edited.searchId());
                    search.index(h, edited);
                    long seq = chats.largeEvent(h, edited.chatId(), ChatEvent.EDIT,
                            new ChatEvent.Edit(edited.messageId()), now);
                    return push(edited.chatId(), seq, edited.senderId(),
                            viewer -> new Update.EditMessage(edited.view(viewer), seq));
                });
    }

    /**
     * Inside the transaction of a delete-for-everyone of channel posts: their mirrors in the discussion group are
     * deleted too (one delete event per group; a post's thread stays in the group it was mirrored into, even after
     * relinking). The comments stay, as ordinary group messages. Returns the events to push after commit.
     */
    public List<ChatPush> mirrorDelete(Handle h, long channelId, List<Long> postIds, long now) {
        if (postIds.isEmpty()) {
            return List.of();
        }
        Map<Long, List<MessageRow>> rootsByGroup = new TreeMap<>();
        for (long postId : store.postsWithThreads(h, channelId, postIds)) {
            DiscussionStore.Thread t = store.threadOf(h, channelId, postId).orElseThrow();
            messages.find(h, t.groupId(), t.rootId()).filter(root -> !root.deleted())
                    .ifPresent(root -> rootsByGroup.computeIfAbsent(t.groupId(), g -> new ArrayList<>()).add(root));
        }
        List<ChatPush> pushes = new ArrayList<>();
        rootsByGroup.forEach((groupId, roots) -> {
            roots.forEach(root -> search.remove(h, root.searchId()));
            List<Long> rootIds = roots.stream().map(MessageRow::messageId).toList();
            messages.markDeleted(h, groupId, rootIds);
            long seq = chats.largeEvent(h, groupId, ChatEvent.DELETE, new ChatEvent.Delete(rootIds), now);
            pushes.add(push(groupId, seq, 0, viewer -> new Update.DeleteMessages(groupId, rootIds, true, seq)));
        });
        return pushes;
    }

    /**
     * Inside a send's transaction, for a user who is not a member of {@code groupId}: the membership they comment
     * with, if the message replies to the thread root of a channel post and they may read that channel (a
     * subscriber, or anyone for a public channel). A commenter is not a member: the returned row is never stored, and
     * it sees history from the start so the root is visible; the group's ban (USER_BANNED), default permissions, a
     * restriction and slow mode still apply ({@link ModerationService#requireMayPost} reads the commenter's standing).
     * Empty when the message is not such a comment (the caller answers CHAT_NOT_FOUND as for any non-member).
     */
    public Optional<MemberRow> commenter(Handle h, long groupId, long userId, Long replyToId, long now) {
        if (replyToId == null || !readableThreadRoot(h, groupId, replyToId, userId)) {
            return Optional.empty();
        }
        moderation.admitCommenter(h, groupId, userId, now);
        return Optional.of(guest(groupId, userId, now));
    }

    /**
     * Inside an edit's or delete's transaction, for a user who is not a member of {@code groupId}: the membership of
     * a commenter acting on their own comments. Any other message id is MESSAGE_NOT_FOUND, as if the commenter could
     * not see it (they do not read the group); a user who never commented (or is banned) gets CHAT_NOT_FOUND.
     */
    public MemberRow requireCommenter(Handle h, long groupId, long userId, List<Long> messageIds, long now) {
        if (!moderation.isCommenter(h, groupId, userId, now)) {
            throw new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found");
        }
        Map<Long, MessageRow> rows = new HashMap<>();
        messages.findMany(h, groupId, messageIds).forEach(r -> rows.put(r.messageId(), r));
        for (long id : messageIds) {
            MessageRow row = rows.get(id);
            if (row == null || row.senderId() != userId) {
                throw new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + id + " not found");
            }
        }
        return guest(groupId, userId, now);
    }

    private static MemberRow guest(long groupId, long userId, long now) {
        return new MemberRow(groupId, userId, Role.MEMBER, now, 0, 0, 0, 0);
    }

    /**
     * Whether the group message is the thread root of a post of the channel the group discusses now (unlinking ends
     * outside access to the group), and the user may read that channel.
     */
    private boolean readableThreadRoot(Handle h, long groupId, long rootId, long userId) {
        return store.postOf(h, groupId, rootId)
                .filter(p -> store.groupOf(h, p.channelId()).filter(g -> g == groupId).isPresent())
                .flatMap(p -> chats.existing(h, List.of(p.channelId())).stream().findFirst())
                .filter(channel -> channel.username() != null || chats.member(h, channel.chatId(), userId).isPresent())
                .isPresent();
    }

    /** One frame for every reader (rendered as user 0, who sees no sender in channels) and one for the author. */
    private static ChatPush push(long chatId, long seq, long authorId, LongFunction<Update> render) {
        return new ChatPush(chatId, new ChannelMethods.ChannelBatch(chatId, List.of(render.apply(0)), seq, 1),
                authorId, new ChannelMethods.ChannelBatch(chatId, List.of(render.apply(authorId)), seq, 1));
    }

    /**
     * A thread's replies, oldest first after {@code offsetId}: of a channel post (readable by the channel's members,
     * members of the group or not, and by anyone for a public channel), of that post's root in the group (readable
     * by the same people while the channel is linked), or of a message of a group the caller belongs to.
     */
    public Replies getReplies(long userId, long chatId, long msgId, long offsetId, int limit) {
        Replies page = database.read(h -> {
            DiscussionStore.Thread thread = thread(h, userId, chatId, msgId);
            List<MessageRow> rows = messages.replies(h, thread.groupId(), thread.rootId(), offsetId, limit);
            return new Replies(thread.groupId(), thread.rootId(), messages.countReplies(h, thread.groupId(),
                    thread.rootId()), rows.stream().map(r -> r.view(userId)).toList(), List.of());
        });
        // Senders' profiles are read after the transaction (the directory has its own connection) and added to it.
        List<Long> senders = page.messages().stream().map(Message::senderId).filter(Objects::nonNull).distinct()
                .toList();
        return page.withUsers(List.copyOf(users.findByIds(senders).values()));
    }

    /** Comment counts of channel posts; posts without a thread (before linking) are left out. */
    public CommentCounts commentCounts(long userId, long channelId, List<Long> postIds) {
        return database.read(h -> {
            requireReadable(h, chats.requireChat(h, channelId), userId);
            Map<Long, CommentCount> counts = new HashMap<>();
            for (long postId : store.postsWithThreads(h, channelId, postIds)) {
                DiscussionStore.Thread t = store.threadOf(h, channelId, postId).orElseThrow();
                counts.put(postId, new CommentCount(postId, t.groupId(), t.rootId(),
                        messages.countReplies(h, t.groupId(), t.rootId())));
            }
            List<CommentCount> ordered = new ArrayList<>();
            postIds.stream().filter(counts::containsKey).forEach(id -> ordered.add(counts.get(id)));
            return new CommentCounts(ordered);
        });
    }

    /** A public channel's comments are as public as its posts (channels.getDifference); a private one's members only. */
    private void requireReadable(Handle h, ChatRow channel, long userId) {
        if (channel.username() == null || !channel.isChannel()) {
            chats.requireMember(h, channel.chatId(), userId);
        }
    }

    private DiscussionStore.Thread thread(Handle h, long userId, long chatId, long msgId) {
        ChatRow chat = chats.requireChat(h, chatId);
        if (chat.isChannel()) {
            requireReadable(h, chat, userId);
            return store.threadOf(h, chatId, msgId)
                    .orElseThrow(() -> new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "this post has no comments"));
        }
        if (chats.member(h, chatId, userId).isEmpty() && readableThreadRoot(h, chatId, msgId, userId)) {
            // A channel's reader follows a thread by its group message id too, member of the group or not.
            return new DiscussionStore.Thread(chatId, msgId);
        }
        MemberRow member = chats.requireMember(h, chatId, userId);
        MessageRow root = messages.find(h, chatId, msgId).filter(r -> !r.deleted() && r.messageId() > member
                .visibleFrom()).orElseThrow(() -> new ParleyException(ErrorCode.MESSAGE_NOT_FOUND,
                        "message " + msgId + " not found"));
        return new DiscussionStore.Thread(chatId, root.messageId());
    }
}
