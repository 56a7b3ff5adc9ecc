package dev.parley.server.message;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.chat.ChannelApi;
import dev.parley.server.chat.ChannelService;
import dev.parley.server.chat.ChatApi;
import dev.parley.server.chat.ChatContentEraser;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.ChatStore;
import dev.parley.server.chat.InviteApi;
import dev.parley.server.chat.InviteService;
import dev.parley.server.chat.InviteStore;
import dev.parley.server.chat.ModerationApi;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.ModerationStore;
import dev.parley.server.chat.TopicApi;
import dev.parley.server.chat.TopicService;
import dev.parley.server.chat.TopicStore;
import dev.parley.server.community.EventApi;
import dev.parley.server.community.EventService;
import dev.parley.server.community.EventStore;
import dev.parley.server.community.ReportApi;
import dev.parley.server.community.ReportService;
import dev.parley.server.community.ReportStore;
import dev.parley.server.contacts.ContactsApi;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.contacts.ContactsStore;
import dev.parley.server.contacts.UserDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.gateway.Method;
import dev.parley.server.post.PostApi;
import dev.parley.server.post.PostDecorations;
import dev.parley.server.post.PostFeature;
import dev.parley.server.post.PostStores;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.Housekeeping;
import dev.parley.server.sync.LogRenderer;
import dev.parley.server.sync.RoutingLogRenderer;
import dev.parley.server.sync.SyncApi;
import dev.parley.server.sync.SyncService;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.sync.UpdateLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messaging core (contacts, chats, messages, sync) composed from its parts, so {@code ParleyServer} wires it with
 * one constructor call and tests get exactly the production graph. Owns the periodic housekeeping (log trimming,
 * random-id expiry), which {@link #close} stops.
 */
public final class MessagingFeature implements AutoCloseable {
    public final ContactsService contacts;
    public final ChatService chats;
    public final ChannelService channels;
    public final ModerationService moderation;
    public final InviteService invites;
    public final MessageService messages;
    public final HistoryService history;
    public final TypingService typing;
    public final SyncService sync;
    public final MessagingErasure erasure;
    public final PostFeature posts;
    public final TopicService topics;
    public final DiscussionService discussions;
    public final ScheduledService scheduled;
    public final EventService events;
    public final ReportService reports;
    /** The update logs, for features built on the messaging core that log user-only facts (the e2e feature). */
    public final UpdateLog log;
    private final List<Method<?, ?>> methods;
    private final Housekeeping housekeeping;
    private final Housekeeping scheduler;
    private static final Duration SCHEDULER_PERIOD = Duration.ofSeconds(1);

    /**
     * What other features built on the messaging core plug into it: renderers for the update-log kinds they own, and
     * erasers for what they store under a chat (run when the chat is deleted).
     */
    public record Extensions(Map<String, LogRenderer> renderers, List<ChatContentEraser> chatErasers) {
        public Extensions {
            renderers = Map.copyOf(renderers);
            chatErasers = List.copyOf(chatErasers);
        }

        public static Extensions none() {
            return new Extensions(Map.of(), List.of());
        }
    }

    public MessagingFeature(Database database, UserDirectory users, Bus bus, IdGenerator ids, JsonCodec codec,
            SyncSettings settings, Clock clock) {
        this(database, users, bus, ids, codec, settings, clock, Extensions.none());
    }

    public MessagingFeature(Database database, UserDirectory users, Bus bus, IdGenerator ids, JsonCodec codec,
            SyncSettings settings, Clock clock, Extensions extensions) {
        log = new UpdateLog();
        MessageStore messageStore = new MessageStore(codec);
        // Full-text search is the one dialect-specific part; each dialect's V3 migration creates its index.
        MessageSearch search = switch (database.dialect()) {
            case SQLITE -> new SqliteMessageSearch(database);
            case POSTGRESQL -> new PostgresMessageSearch();
        };
        contacts = new ContactsService(database, new ContactsStore(), users, clock);
        ChatStore chatStore = new ChatStore();
        ChatContentEraser contents = new ChatContents(messageStore, search);
        PostStores postStores = new PostStores();
        ChatContentEraser allContents = (h, chatId) -> {
            contents.eraseChat(h, chatId);
            postStores.eraseChat(h, chatId);
            extensions.chatErasers().forEach(e -> e.eraseChat(h, chatId));
        };
        ModerationStore moderationStore = new ModerationStore();
        chats = new ChatService(database, chatStore, log, contacts, users, allContents, ids, bus, codec, settings,
                moderationStore, clock);
        PostDecorations decorations = new PostDecorations(chats, postStores, codec, clock);
        moderation = new ModerationService(database, chatStore, moderationStore, chats, ids, bus, codec, clock);
        TopicStore topicStore = new TopicStore();
        topics = new TopicService(database, topicStore, chats, moderation, clock);
        discussions = new DiscussionService(database, new DiscussionStore(), messageStore, search, chats, moderation,
                users, ids, clock);
        messages = new MessageService(database, messageStore, search, chats, moderation, topics, discussions,
                contacts, log, ids, codec, settings, clock);
        scheduled = new ScheduledService(database, new ScheduledStore(codec), messageStore, messages, chats,
                moderation, topics, ids, clock);
        events = new EventService(database, new EventStore(), chats, moderation, log, ids, codec, clock);
        reports = new ReportService(database, new ReportStore(codec), chats, moderation, messages::allVisible, ids,
                clock);
        history = new HistoryService(database, messageStore, search, chats, decorations);
        typing = new TypingService(database, chats, log, bus, settings, clock);
        LogRenderer renderer = new RoutingLogRenderer(new UpdateRenderer(chats, messageStore, decorations, codec),
                extensions.renderers());
        sync = new SyncService(database, log, renderer, settings, clock);
        channels = new ChannelService(database, chatStore, topicStore, chats, moderation, renderer, ids, bus, codec,
                clock);
        invites = new InviteService(database, chatStore, new InviteStore(), chats, channels, moderation, bus, clock);
        posts = new PostFeature(database, decorations, chats, moderation, messages, messageStore, clock);
        erasure = new MessagingErasure(chats, messages, contacts, log, decorations, moderation, clock);
        List<Method<?, ?>> all = new ArrayList<>();
        all.addAll(new ContactsApi(contacts).methods());
        all.addAll(new ChatApi(chats).methods());
        all.addAll(new ChannelApi(channels).methods());
        all.addAll(new ModerationApi(moderation).methods());
        all.addAll(new InviteApi(invites).methods());
        all.addAll(new MessageApi(messages, history, typing, scheduled).methods());
        all.addAll(new TopicApi(topics).methods());
        all.addAll(new DiscussionApi(discussions).methods());
        all.addAll(new EventApi(events).methods());
        all.addAll(new ReportApi(reports).methods());
        all.addAll(new SyncApi(sync).methods());
        all.addAll(new PostApi(posts).methods());
        methods = List.copyOf(all);
        housekeeping = new Housekeeping(settings.trimInterval(), List.of(
                new Housekeeping.Task("trim update logs", sync::trim),
                new Housekeeping.Task("forget old random ids", messages::forgetOldRandomIds)));
        // Scheduled messages and event reminders are read from the database every second, so nothing due is lost
        // to a restart and each goes out once (every node may scan; delivery claims rows transactionally).
        scheduler = new Housekeeping(SCHEDULER_PERIOD, List.of(
                new Housekeeping.Task("deliver scheduled messages", scheduled::deliverDue),
                new Housekeeping.Task("send event reminders", events::remindDue)));
    }

    /** Every contacts.*, chats.*, messages.* and updates.* method. */
    public List<Method<?, ?>> methods() {
        return methods;
    }

    @Override
    public void close() {
        scheduler.close();
        housekeeping.close();
    }
}
