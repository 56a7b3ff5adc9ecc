package dev.parley.server.post;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.db.Database;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.MessageStore;
import java.time.Clock;

/**
 * The post features composed: reactions, views, pins and polls over one {@link PostDecorations} (which the message
 * feature uses to show post state on messages and to render post events).
 */
public final class PostFeature {
    public final ReactionService reactions;
    public final ViewService views;
    public final PinService pins;
    public final PollService polls;

    public PostFeature(Database database, PostDecorations decorations, ChatService chats,
            ModerationService moderation, MessageService messages, MessageStore messageStore, Clock clock) {
        PostAccess access = new PostAccess(chats, messageStore);
        PostEvents events = new PostEvents(chats);
        reactions = new ReactionService(database, chats, moderation, access, events, decorations.reactions(),
                decorations, decorations.codec(), clock);
        views = new ViewService(database, access, decorations.views());
        pins = new PinService(database, chats, moderation, access, events, decorations.pins(), messageStore,
                decorations, clock);
        polls = new PollService(database, chats, moderation, messages, access, events, decorations.polls(),
                decorations, clock);
    }
}
