package dev.parley.cli;

import dev.parley.client.ParleyClient;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.Member;
import dev.parley.protocol.message.Message;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns what a user types into chat ids and user ids into names: {@code @alice} or {@code alice} is a username (its
 * private chat is created on first use), a number is a chat id ({@code @12345} for an all-digit username). Member
 * names are fetched once per chat and cached for the command's lifetime.
 */
final class Peers {
    private final ParleyClient client;
    private final Map<Long, Map<Long, String>> namesByChat = new HashMap<>();

    Peers(ParleyClient client) {
        this.client = client;
    }

    /** Whether a {@code <username|chatId>} argument is a chat id. */
    static boolean isChatId(String target) {
        return !target.startsWith("@") && !target.isEmpty() && target.chars().allMatch(Character::isDigit);
    }

    /** The chat a {@code <username|chatId>} argument names. */
    long chat(String target) {
        if (isChatId(target)) {
            try {
                return Long.parseLong(target);
            } catch (NumberFormatException e) {
                throw new CliException(ExitCode.USAGE, "chat id out of range: " + target);
            }
        }
        return client.chats().createPrivate(user(target)).chatId();
    }

    long user(String username) {
        return client.contacts().resolveUsername(username).userId();
    }

    /** The username of a chat member, or {@code user <id>} for someone no longer in it. */
    synchronized String name(long chatId, long userId) {
        Map<Long, String> names = namesByChat.computeIfAbsent(chatId, this::members);
        String name = names.get(userId);
        if (name == null) {
            // Someone who joined after the cached list was fetched.
            names = members(chatId);
            namesByChat.put(chatId, names);
            name = names.getOrDefault(userId, "user " + userId);
            names.putIfAbsent(userId, name);
        }
        return name;
    }

    private Map<Long, String> members(long chatId) {
        Map<Long, String> names = new HashMap<>();
        int offset = 0;
        while (true) {
            ChatMethods.Members page;
            try {
                page = client.chats().getMembers(chatId, offset, ChatMethods.MEMBERS_PAGE_MAX);
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.CHAT_NOT_FOUND) {
                    throw e;
                }
                // We left or were removed (or the chat is gone): its members are no longer ours to see.
                return names;
            }
            for (Member member : page.members()) {
                names.put(member.userId(), member.username());
            }
            offset += page.members().size();
            if (page.members().isEmpty() || offset >= page.count()) {
                return names;
            }
        }
    }

    /** One message as a line: {@code #id time sender: text}. */
    String line(Message message, Output output) {
        if (Boolean.TRUE.equals(message.deleted())) {
            return "#" + message.id() + " (deleted)";
        }
        String sender = message.senderId() == null ? "?" : name(message.chatId(), message.senderId());
        String edited = message.editDate() == null ? "" : " (edited)";
        String forwarded = message.forward() == null ? "" : " (forwarded)";
        String text = message.ciphertext() != null && message.text().isEmpty()
                ? "(encrypted: this device cannot read it)" : message.text();
        return "#" + message.id() + " " + output.time(message.date()) + " " + sender + forwarded + ": " + text + edited;
    }
}
