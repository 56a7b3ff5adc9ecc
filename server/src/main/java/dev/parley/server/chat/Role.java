package dev.parley.server.chat;

import dev.parley.protocol.chat.ChatMethods;

/** A member's role. Owners and admins manage members and the title; only the owner appoints admins. */
public enum Role {
    OWNER(ChatMethods.ROLE_OWNER),
    ADMIN(ChatMethods.ROLE_ADMIN),
    MEMBER(ChatMethods.ROLE_MEMBER);

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean canManage() {
        return this != MEMBER;
    }

    /** Whether a member of this role may remove one of the target role: owners anyone else, admins plain members. */
    public boolean outranks(Role target) {
        return this == OWNER ? target != OWNER : this == ADMIN && target == MEMBER;
    }

    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wire.equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role " + value);
    }
}
