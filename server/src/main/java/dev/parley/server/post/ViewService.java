package dev.parley.server.post;

import dev.parley.protocol.message.PostMethods.MessagesViews;
import dev.parley.protocol.message.PostMethods.ViewCount;
import dev.parley.server.db.Database;
import java.util.List;
import java.util.Map;

/**
 * View counters: a client reports the posts it showed ({@code increment}) and reads their counts. Each account counts
 * once per message; a view writes its viewer row and bumps one aggregated counter, and no event (clients poll).
 */
public final class ViewService {
    private final Database database;
    private final PostAccess access;
    private final ViewStore store;

    ViewService(Database database, PostAccess access, ViewStore store) {
        this.database = database;
        this.access = access;
        this.store = store;
    }

    public MessagesViews getMessagesViews(long userId, long chatId, List<Long> ids, boolean increment) {
        if (!increment) {
            return database.read(h -> {
                PostAccess.Reader reader = access.reader(h, chatId, userId);
                ids.forEach(id -> access.visible(h, reader, userId, id));
                return counts(store.views(h, List.of(chatId), ids), chatId, ids);
            });
        }
        return database.write(h -> {
            PostAccess.Reader reader = access.reader(h, chatId, userId);
            ids.forEach(id -> access.visible(h, reader, userId, id));
            ids.forEach(id -> store.view(h, chatId, id, userId));
            return counts(store.views(h, List.of(chatId), ids), chatId, ids);
        });
    }

    private static MessagesViews counts(Map<PostKey, Integer> views, long chatId, List<Long> ids) {
        return new MessagesViews(ids.stream()
                .map(id -> new ViewCount(id, views.getOrDefault(new PostKey(chatId, id), 0))).toList());
    }
}
