package dev.parley.protocol;

import java.util.List;

/**
 * A pushed frame: {@code {"updates":[…],"pts":1234,"ptsCount":1}}. {@code pts} is the user's update-log position
 * after these updates, {@code ptsCount} how many positions they occupy, so a client holding {@code pts - ptsCount}
 * applies them and any other local pts means a gap to fill with {@code updates.getDifference}. Ephemeral updates
 * (typing) travel with {@code ptsCount = 0}.
 */
public record UpdateBatch(List<Object> updates, long pts, int ptsCount) {
    public UpdateBatch {
        updates = List.copyOf(updates);
    }
}
