package dev.parley.server.bot;

import dev.parley.protocol.ParleyException;

/** Parley's typed errors in the Bot API's words, which bot libraries and their users know. */
final class TelegramErrors {
    private TelegramErrors() {}

    static TelegramException translate(ParleyException e, String method) {
        return switch (e.code()) {
            case CHAT_NOT_FOUND -> TelegramException.badRequest("chat not found");
            case USER_BLOCKED -> TelegramException.forbidden("bot was blocked by the user");
            case MESSAGE_EMPTY -> TelegramException.badRequest("message text is empty");
            case MESSAGE_TOO_LONG -> TelegramException.badRequest("message is too long");
            case ENTITIES_INVALID -> TelegramException.badRequest("can't parse entities: " + e.getMessage());
            case MESSAGE_NOT_MODIFIED -> TelegramMessages.notModified();
            case MESSAGE_NOT_FOUND -> TelegramException.badRequest(notFound(method));
            case USER_NOT_FOUND, USER_NOT_MEMBER -> TelegramException.badRequest("user not found");
            case USER_ALREADY_MEMBER -> TelegramException.badRequest("user is already a participant");
            case FORBIDDEN -> TelegramException.badRequest(forbidden(method));
            case PEER_INVALID -> TelegramException.badRequest("method is available for group chats only");
            case CHAT_TITLE_INVALID -> TelegramException.badRequest("chat title is invalid");
            case USER_BANNED -> TelegramException.forbidden("bot was kicked from the chat");
            case INVITE_INVALID -> TelegramException.badRequest("INVITE_HASH_EXPIRED");
            case CHAT_NOT_MODIFIED -> TelegramException.badRequest("chat is not modified");
            case FLOOD_WAIT, TOO_MANY_REQUESTS, SLOWMODE_WAIT -> new TelegramException(429,
                    "Too Many Requests: retry after " + e.retryAfter().orElse(1), e.retryAfter().orElse(1));
            case UNAVAILABLE -> new TelegramException(503, "Service Unavailable", null);
            default -> TelegramException.badRequest(e.getMessage());
        };
    }

    private static String notFound(String method) {
        return switch (method) {
            case "editmessagetext", "editmessagereplymarkup" -> "message to edit not found";
            case "deletemessage", "deletemessages" -> "message to delete not found";
            case "forwardmessage", "forwardmessages" -> "message to forward not found";
            case "copymessage", "copymessages" -> "message to copy not found";
            default -> "message not found";
        };
    }

    private static String forbidden(String method) {
        return switch (method) {
            case "editmessagetext", "editmessagereplymarkup" -> "message can't be edited";
            case "deletemessage", "deletemessages" -> "message can't be deleted";
            case "banchatmember", "kickchatmember", "unbanchatmember", "restrictchatmember" ->
                    "not enough rights to restrict/unrestrict chat member";
            case "promotechatmember" -> "not enough rights to promote chat member";
            case "setchatpermissions" -> "not enough rights to change chat permissions";
            case "createchatinvitelink", "exportchatinvitelink", "revokechatinvitelink", "approvechatjoinrequest",
                    "declinechatjoinrequest" -> "not enough rights to manage chat invite link";
            case "sendmessage", "copymessage", "copymessages", "forwardmessage", "forwardmessages" ->
                    "not enough rights to send text messages to the chat";
            case "setchattitle" -> "not enough rights to change chat title";
            default -> "not enough rights";
        };
    }
}
